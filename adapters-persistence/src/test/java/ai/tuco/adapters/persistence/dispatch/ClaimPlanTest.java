package ai.tuco.adapters.persistence.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dispatch claim's cached generic plan, made on an empty, never-analyzed queue (a fresh installation's first
 * claims), must read the queue through its indexes: the per-line heads from dispatch_queue_line_due, the picked rows
 * through the primary keys. bench/claim-plan checks the same claim at a million messages (custom plan). The outcome
 * group's lock ({@link JdbiDispatchQueue#LOCK_FOR_OUTCOMES}, ADR 30) likewise probes the primary keys of both tables.
 */
class ClaimPlanTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    @Test
    void genericPlan_onAnEmptyQueue_readsThroughTheIndexes() {
        String text = db.genericPlan(JdbiDispatchQueue.LOCK_DUE, Map.of("now", "now()", "perLine", "5", "limit", "10",
                "sizedLines", "'{aaaaaaaaaaaaaaaaaaaaaaaa}'", "sizes", "'{20}'"));
        assertThat(text).as(text)
                .contains("Index Only Scan using dispatch_queue_line_due on dispatch_queue d")
                .contains("Index Scan using dispatch_queue_pkey on dispatch_queue q")
                .contains("Index Scan using messages_pkey on messages m")
                .doesNotContain("Seq Scan on dispatch_queue")
                .doesNotContain("Seq Scan on messages")
                .doesNotContain("Sort Key: d.due_at");
    }

    @Test
    void outcomeLock_genericPlanOnEmptyTables_probesThePrimaryKeys() {
        String text = db.genericPlan(JdbiDispatchQueue.LOCK_FOR_OUTCOMES,
                Map.of("ids", "'{a}'", "owners", "'{o}'", "attempts", "'{1}'"));
        assertThat(text).as(text)
                .contains("Index Scan using messages_pkey on messages")
                .contains("Index Scan using dispatch_queue_pkey on dispatch_queue q")
                .doesNotContain("Seq Scan on messages")
                .doesNotContain("Seq Scan on dispatch_queue")
                .doesNotContain("dispatch_queue_owner");
    }
}
