package ai.tuco.adapters.persistence.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.audit.port.out.AuditLogReader.Filter;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generic plans PostgreSQL caches for GET /api/audit-logs' statements (ADR 7) must be index scans in the query's
 * order, stopping after the page, even on a never-analyzed table: the newest-first page uses
 * {@code audit_log_workspace_at}, a target's history {@code audit_log_workspace_target}, with or without a cursor.
 */
class AuditLogPlanTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final String WORKSPACE = "w00000000000000000000001";

    @ParameterizedTest(name = "target={0} cursor={1} with {2} never-analyzed rows")
    @CsvSource({"false, false, 0", "false, true, 0", "true, false, 0", "true, true, 0",
        "false, false, 20000", "false, true, 20000", "true, false, 20000", "true, true, 20000"})
    void genericPlan_usesTheMatchingIndex_withoutStatistics(boolean target, boolean cursor, int rows) {
        List<String> plan = db.jdbi().withHandle(h -> {
            h.execute("ALTER TABLE audit_log SET (autovacuum_enabled = false)");
            long have = h.createQuery("SELECT count(*) FROM audit_log").mapTo(Long.class).one();
            if (have < rows) { // rows cannot be deleted between cases (append-only), so each size is reached once
                h.execute("""
                        INSERT INTO audit_log (workspace_id, actor_type, actor_id, action, target_type, target_id, at)
                        SELECT CASE WHEN g % 10 = 0 THEN ? ELSE lpad((g % 50)::text, 24, '0') END, 'api_key', 'k' || (g % 7),
                               'message.send', 'message', lpad(g::text, 24, '0'), now() - g * interval '1 second'
                        FROM generate_series(1, ?) g""", WORKSPACE, (int) (rows - have));
            }
            return explainGeneric(h, target, cursor);
        });
        String text = String.join("\n", plan);
        String index = target ? "audit_log_workspace_target" : "audit_log_workspace_at";
        assertThat(text).as(text)
                .containsPattern("Index Scan (Backward )?using " + index + " on audit_log")
                .doesNotContain("Sort")
                .doesNotContain("Seq Scan");
    }

    /** EXPLAIN of the reader's statement prepared under force_generic_plan, its named parameters made positional. */
    private static List<String> explainGeneric(Handle h, boolean target, boolean cursor) {
        Optional<String> none = Optional.empty();
        Filter filter = new Filter(none, none, none, target ? Optional.of("message") : none, target ? Optional.of("x") : none,
                Optional.empty(), Optional.empty());
        String sql = JdbiAuditLogReader.sql(filter, cursor)
                .replace(":targetType", "$3").replace(":targetId", "$4")
                .replace(":afterAt", "$5").replace(":afterId", "$6")
                .replace(":w", "$1").replace(":limit", "$2");
        h.execute("DEALLOCATE ALL");
        h.execute("SET plan_cache_mode = force_generic_plan");
        h.execute("PREPARE audit_page(char(24), integer, text, text, timestamptz, bigint) AS " + sql);
        return h.createQuery("EXPLAIN EXECUTE audit_page('" + WORKSPACE + "', 51, 'message', '" + "0".repeat(23) + "7"
                + "', now(), 9223372036854775807)").mapTo(String.class).list();
    }
}
