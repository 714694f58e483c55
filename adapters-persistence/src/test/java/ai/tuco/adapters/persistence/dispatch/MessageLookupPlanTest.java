package ai.tuco.adapters.persistence.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Both lookups by the provider's id probe the one index V17 keeps, {@code messages_external_line (external_message_id,
 * line_id)}, by equality, in the generic plan a fresh installation caches while messages is empty (ADR 7): the
 * line-scoped one on both columns, so a provider id that two lines share never makes it read the other line's rows.
 */
class MessageLookupPlanTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static String plan(String name, String types, String sql, String args) {
        List<String> plan = db.jdbi().withHandle(h -> {
            h.execute("SET plan_cache_mode = force_generic_plan");
            h.execute("PREPARE " + name + "(" + types + ") AS " + sql);
            return h.createQuery("EXPLAIN EXECUTE " + name + "(" + args + ")").mapTo(String.class).list();
        });
        return String.join("\n", plan);
    }

    @Test
    void theLineScopedLookup_probesBothColumnsOfTheIndex() {
        String text = plan("by_line", "varchar, text",
                JdbiMessageLookup.BY_LINE_AND_EXTERNAL_ID.replace(":line", "$1").replace(":x", "$2"), "'a', 'GUID'");
        assertThat(text).as(text)
                .contains("Index Scan using messages_external_line on messages")
                .containsPattern("Index Cond: \\(\\(external_message_id = \\$2\\) AND \\(line_id = \\(\\$1\\)::bpchar\\)\\)")
                .doesNotContain("Filter:")
                .doesNotContain("Seq Scan");
    }

    @Test
    void theProviderWideLookup_probesTheLeadingColumn() {
        String text = plan("by_external", "text", JdbiMessageLookup.BY_EXTERNAL_ID.replace(":x", "$1"), "'GUID'");
        assertThat(text).as(text)
                .contains("Index Scan using messages_external_line on messages")
                .contains("Index Cond: (external_message_id = $1)")
                .doesNotContain("Seq Scan");
    }

    @Test
    void oneIndexOfProviderIdsIsLeft() {
        assertThat(db.strings("SELECT indexname FROM pg_indexes WHERE tablename = 'messages' AND indexdef LIKE '%external_message_id%'"))
                .containsExactly("messages_external_line");
    }
}
