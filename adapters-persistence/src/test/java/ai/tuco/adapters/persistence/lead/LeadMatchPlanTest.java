package ai.tuco.adapters.persistence.lead;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The plan PostgreSQL caches for the accept's lead match (a generic plan, made after five executions on a
 * connection) must be index lookups even while the table is empty or has never been analyzed: a cached full scan
 * of the workspace is what bench/accept found (docs/adr/0006).
 */
class LeadMatchPlanTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final String WORKSPACE = "w00000000000000000000001";

    @ParameterizedTest(name = "{0} with {1} never-analyzed leads")
    @CsvSource({"phone, 0", "email, 0", "phone, 20000", "email, 20000"})
    void genericPlan_usesTheContactIndexes_withoutStatistics(String kind, int leads) {
        List<String> plan = db.jdbi().withHandle(h -> {
            seedNeverAnalyzed(h, leads);
            return explainGeneric(h, "phone".equals(kind) ? JdbiLeadRepository.MATCH_PHONE : JdbiLeadRepository.MATCH_EMAIL,
                    "phone".equals(kind) ? "'+14150000077'" : "'p77@example.com'");
        });
        String text = String.join("\n", plan);
        assertThat(text).as(text)
                .contains("Index Scan using leads_" + kind + " on leads")
                .contains("Bitmap Index Scan on leads_alt_" + kind + "s")
                .doesNotContain("leads_workspace")
                .doesNotContain("Seq Scan");
    }

    @ParameterizedTest(name = "a batch's phones with {0} never-analyzed leads")
    @CsvSource({"0", "20000"})
    void genericPlanOfTheBatchMatch_looksEachPhoneUpInTheContactIndex_withoutStatistics(int leads) {
        List<String> plan = db.jdbi().withHandle(h -> {
            seedNeverAnalyzed(h, leads);
            String positional = JdbiLeadRepository.FIND_MATCHING.replaceAll("(?<!:):w\\b", "\\$1")
                    .replaceAll(":phones\\b", "\\$2").replaceAll(":emails\\b", "\\$3");
            return explainPrepared(h, "varchar, varchar[], varchar[]", positional,
                    "'" + WORKSPACE + "', '{+14150000077,+14150000078}', '{}'");
        });
        String text = String.join("\n", plan);
        // both columns of the unique index in the condition: one lookup per phone, not the workspace's whole range
        assertThat(text).as(text)
                .containsPattern("Index Cond: \\(\\(workspace_id = .*\\) AND \\(phone = p\\.v\\)\\)")
                .doesNotContain("leads_workspace")
                .doesNotContain("Seq Scan on leads");
    }

    /**
     * The claim reads its batch's leads by id (ADR 24). Planned without statistics, {@code id = ANY(ids)} next to
     * {@code workspace_id = w AND deleted_at IS NULL} chose {@code leads_workspace}, whose predicate and leading column
     * match, and tested every lead of the workspace against the array: in a 125,000-lead drain PostgreSQL spent 5.5 ms
     * of CPU per sent message, a third of it in that test, until the table was analyzed.
     */
    @ParameterizedTest(name = "a claim's leads by id with {0} never-analyzed leads")
    @CsvSource({"0", "20000"})
    void genericPlanOfTheLeadsById_looksEachIdUpInThePrimaryKey_withoutStatistics(int leads) {
        List<String> plan = db.jdbi().withHandle(h -> {
            seedNeverAnalyzed(h, leads);
            String positional = JdbiLeadRepository.FIND_ALL_BY_ID.replaceAll("(?<!:):w\\b", "\\$1").replaceAll(":ids\\b", "\\$2");
            return explainPrepared(h, "varchar, varchar[]", positional,
                    "'" + WORKSPACE + "', '{000000000000000000000077,000000000000000000000078}'");
        });
        String text = String.join("\n", plan);
        assertThat(text).as(text)
                .contains("Index Scan using leads_pkey on leads")
                .doesNotContain("leads_workspace")
                .doesNotContain("Seq Scan on leads");
    }

    /** {@code leads} leads of one workspace in a table autovacuum never analyzes. */
    private static void seedNeverAnalyzed(Handle h, int leads) {
        h.execute("ALTER TABLE leads SET (autovacuum_enabled = false)");
        h.execute("DELETE FROM leads");
        h.execute("INSERT INTO workspaces (id, name, created_at, updated_at) VALUES (?, 'plan', now(), now())"
                + " ON CONFLICT DO NOTHING", WORKSPACE);
        h.execute("""
                INSERT INTO leads (id, workspace_id, phone, email, created_at, updated_at)
                SELECT lpad(g::text, 24, '0'), ?, '+1415' || lpad(g::text, 7, '0'), 'p' || g || '@example.com',
                   now(), now()
                FROM generate_series(1, ?) g""", WORKSPACE, leads);
    }

    /** EXPLAIN of the statement as a prepared statement under force_generic_plan: named parameters become $1, $2. */
    private static List<String> explainGeneric(Handle h, String sql, String value) {
        String positional = sql.replaceAll("(?<!:):w\\b", "\\$1").replaceAll("(?<!:):v\\b", "\\$2");
        return explainPrepared(h, "varchar, varchar", positional, "'" + WORKSPACE + "', " + value);
    }

    /** EXPLAIN of {@code positional} prepared with parameters of {@code types}, under force_generic_plan. */
    private static List<String> explainPrepared(Handle h, String types, String positional, String arguments) {
        h.execute("DEALLOCATE ALL");
        h.execute("SET plan_cache_mode = force_generic_plan");
        h.execute("PREPARE plan_under_test(" + types + ") AS " + positional);
        return h.createQuery("EXPLAIN EXECUTE plan_under_test(" + arguments + ")").mapTo(String.class).list();
    }
}
