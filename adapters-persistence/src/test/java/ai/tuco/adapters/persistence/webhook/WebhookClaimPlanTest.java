package ai.tuco.adapters.persistence.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The webhook claim's cached generic plan, made on an empty, never-analyzed outbox (ADR 7), must compute its chains,
 * heads and candidates once each (materialised CTEs): inlined, that plan re-ran the ranking for every pending row and a
 * claim over a few hundred rows took seconds (ADR 12, amendment).
 */
class WebhookClaimPlanTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    @Test
    void genericPlan_onAnEmptyOutbox_computesEachStepOnce() {
        List<String> plan = db.jdbi().withHandle(h -> {
            h.execute("SET plan_cache_mode = force_generic_plan");
            h.execute("PREPARE webhook_claim(timestamptz, timestamptz, int, int, text[], text) AS " + JdbiWebhookQueue.CLAIM
                    .replace(":now", "$1").replace(":leaseUntil", "$2").replace(":limit", "$3")
                    .replace(":perEndpoint", "$4").replace(":busy", "$5").replace(":owner", "$6"));
            return h.createQuery("EXPLAIN EXECUTE webhook_claim(now(), now() + interval '1 minute', 32, 4, '{}', 'w')")
                    .mapTo(String.class).list();
        });
        String text = String.join("\n", plan);
        assertThat(text).as(text)
                .contains("CTE chains").contains("CTE heads").contains("CTE candidates").contains("CTE inflight")
                .contains("LockRows");
        // the ranking appears once, as the heads CTE's own node, never inside a join that could repeat it
        assertThat(text.split("WindowAgg", -1)).as(text).hasSize(2);
    }
}
