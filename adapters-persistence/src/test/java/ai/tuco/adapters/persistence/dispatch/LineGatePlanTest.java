package ai.tuco.adapters.persistence.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A batch claim's usage read ({@link JdbiLineGate#USAGE_AND_KNOWN_LEADS}), in the generic plan a fresh installation
 * caches while line_conversations is empty and never analyzed (ADR 7): each asked lead must be looked up by the whole
 * primary key (line, lead), never by scanning the line's conversations and filtering the leads, which grows with every
 * lead the line has written to.
 */
class LineGatePlanTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    @Test
    void genericPlan_onEmptyTables_looksEachLeadUpByTheWholeKey() {
        List<String> plan = db.jdbi().withHandle(h -> {
            h.execute("SET plan_cache_mode = force_generic_plan");
            h.execute("PREPARE usage_plan(varchar, timestamptz, timestamptz, varchar[]) AS " + JdbiLineGate.USAGE_AND_KNOWN_LEADS
                    .replace(":id", "$1").replace(":day", "$2").replace(":hour", "$3").replace(":leads", "$4"));
            return h.createQuery("EXPLAIN EXECUTE usage_plan('a', now(), now(), '{a,b}')").mapTo(String.class).list();
        });
        String text = String.join("\n", plan);
        assertThat(text).as(text)
                .containsPattern("Index (Only )?Scan using line_conversations_pkey on line_conversations")
                .containsPattern("Index Cond: \\(\\(line_id = \\(\\$1\\)::bpchar\\) AND \\(lead_id = asked\\.lead\\)\\)")
                .doesNotContain("Seq Scan on line_conversations")
                .doesNotContain("Filter: (lead_id")
                .doesNotContain("Seq Scan on line_usage");
    }
}
