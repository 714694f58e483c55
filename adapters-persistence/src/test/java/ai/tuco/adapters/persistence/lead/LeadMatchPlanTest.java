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
        String text = genericPlan(leads, "phone".equals(kind) ? JdbiLeadRepository.MATCH_PHONE : JdbiLeadRepository.MATCH_EMAIL,
                "varchar, varchar", "phone".equals(kind) ? "'+14150000077'" : "'p77@example.com'", "w", "v");
        assertThat(text).as(text)
                .contains("Index Scan using leads_" + kind + " on leads")
                .contains("Bitmap Index Scan on leads_alt_" + kind + "s")
                .doesNotContain("leads_workspace")
                .doesNotContain("Seq Scan");
    }

    @ParameterizedTest(name = "a batch's phones with {0} never-analyzed leads")
    @CsvSource({"0", "20000"})
    void genericPlanOfTheBatchMatch_looksEachPhoneUpInTheContactIndex_withoutStatistics(int leads) {
        String text = genericPlan(leads, JdbiLeadRepository.FIND_MATCHING, "varchar, varchar[], varchar[]",
                "'{+14150000077,+14150000078}', '{}'", "w", "phones", "emails");
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
        String text = genericPlan(leads, JdbiLeadRepository.FIND_ALL_BY_ID, "varchar, varchar[]",
                "'{000000000000000000000077,000000000000000000000078}'", "w", "ids");
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

    /**
     * The plan of {@code sql} prepared under force_generic_plan, on {@code leads} never-analyzed leads: its named
     * parameters ({@code names}, in order) become $1, $2 …; the first is the workspace, the others take
     * {@code arguments}.
     */
    private static String genericPlan(int leads, String sql, String types, String arguments, String... names) {
        String positional = sql;
        for (int i = 0; i < names.length; i++) {
            positional = positional.replaceAll("(?<!:):" + names[i] + "\\b", "\\$" + (i + 1));
        }
        String prepared = positional;
        List<String> plan = db.jdbi().withHandle(h -> {
            seedNeverAnalyzed(h, leads);
            h.execute("DEALLOCATE ALL");
            h.execute("SET plan_cache_mode = force_generic_plan");
            h.execute("PREPARE plan_under_test(" + types + ") AS " + prepared);
            return h.createQuery("EXPLAIN EXECUTE plan_under_test('" + WORKSPACE + "', " + arguments + ")")
                    .mapTo(String.class).list();
        });
        return String.join("\n", plan);
    }
}
