package ai.tuco.adapters.persistence.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import java.util.List;
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
        List<String> plan = db.jdbi().withHandle(h -> {
            h.execute("SET plan_cache_mode = force_generic_plan");
            h.execute("PREPARE claim_plan(timestamptz, int, int) AS " + JdbiDispatchQueue.LOCK_DUE
                    .replace(":now", "$1").replace(":perLine", "$2").replace(":limit", "$3"));
            return h.createQuery("EXPLAIN EXECUTE claim_plan(now(), 5, 10)").mapTo(String.class).list();
        });
        String text = String.join("\n", plan);
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
        List<String> plan = db.jdbi().withHandle(h -> {
            h.execute("SET plan_cache_mode = force_generic_plan");
            h.execute("PREPARE outcome_lock(text[], text[], int[]) AS " + JdbiDispatchQueue.LOCK_FOR_OUTCOMES
                    .replace(":ids", "$1").replace(":owners", "$2").replace(":attempts", "$3"));
            return h.createQuery("EXPLAIN EXECUTE outcome_lock('{a}', '{o}', '{1}')").mapTo(String.class).list();
        });
        String text = String.join("\n", plan);
        assertThat(text).as(text)
                .contains("Index Scan using messages_pkey on messages")
                .contains("Index Scan using dispatch_queue_pkey on dispatch_queue q")
                .doesNotContain("Seq Scan on messages")
                .doesNotContain("Seq Scan on dispatch_queue")
                .doesNotContain("dispatch_queue_owner");
    }
}
