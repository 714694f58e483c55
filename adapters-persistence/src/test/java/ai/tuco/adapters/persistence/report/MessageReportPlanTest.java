package ai.tuco.adapters.persistence.report;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.postgres.TestRows;
import ai.tuco.application.report.port.out.MessageStatistics.Dimension;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generic plans PostgreSQL caches for the report's statements (ADR 7, ADR 14) read the workspace's period from
 * {@code messages_workspace_created}, never the whole table, even on a never-analyzed table of 20,000 rows: both scans
 * (the figures and the failure reasons) are index-only scans of its range (a batch's may use the batch index instead).
 */
class MessageReportPlanTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final TestRows rows = new TestRows(db);
    private static String ws;

    @BeforeAll
    static void neverAnalyzedRows() {
        db.exec("ALTER TABLE messages SET (autovacuum_enabled = false)");
        ws = rows.workspace();
        String other = rows.workspace();
        String line = rows.line(ws);
        String otherLine = rows.line(other);
        String lead = rows.lead(ws);
        String otherLead = rows.lead(other);
        // 20,000 rows, one in ten of the workspace under test, over 200 days, in all statuses
        db.exec("""
                INSERT INTO messages (id, workspace_id, line_id, lead_id, message_type, status, template, recipient_phone, due_at,
                                      batch_id, correlation_id, error_code, error_message, sent_at, created_at, updated_at)
                SELECT lpad(to_hex(g), 24, '0'), CASE WHEN g % 10 = 0 THEN ? ELSE ? END, CASE WHEN g % 10 = 0 THEN ? ELSE ? END,
                       CASE WHEN g % 10 = 0 THEN ? ELSE ? END, 'sms', s.status, 'hi', '+14155550100', at, 'b' || (g % 40), 'c',
                       CASE WHEN s.status = 'failed' THEN 'E' END, CASE WHEN s.status = 'failed' THEN 'why' END,
                       CASE WHEN s.status = 'sent' THEN at END, at, at
                FROM generate_series(1, 20000) g
                CROSS JOIN LATERAL (SELECT timestamptz '2026-06-01T00:00:00Z' + g * interval '15 minutes' AS at,
                                           (ARRAY['queued', 'sent', 'failed'])[g % 3 + 1] AS status) s""",
                ws, other, line, otherLine, lead, otherLead);
        assertThat(db.count("SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'messages' AND last_analyze IS NULL"
                + " AND last_autoanalyze IS NULL")).as("never analyzed").isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} batch={1} line={2}")
    @CsvSource({"STATUS, false, false", "MESSAGE_TYPE, false, false", "LINE, false, false", "BATCH, false, false",
        "PERIOD, false, false", "PERIOD, false, true", "STATUS, true, false", "PERIOD, true, true"})
    void genericPlan_readsThePeriodFromTheCoveringIndex_withoutStatistics(Dimension by, boolean batch, boolean line) {
        List<String> plan = db.jdbi().withHandle(h -> explainGeneric(h, by, batch, line));
        String text = String.join("\n", plan);

        assertThat(text).as(text).doesNotContain("Seq Scan").doesNotContain("Bitmap Heap Scan");
        if (batch) {
            assertThat(text).as(text).containsPattern("(Index Only Scan using messages_workspace_created"
                    + "|Index Scan using messages_workspace_batch) on messages");
        } else {
            assertThat(text).as(text).contains("Index Only Scan using messages_workspace_created on messages")
                    .doesNotContain("Index Scan using");
        }
    }

    /** EXPLAIN of the adapter's statement prepared under force_generic_plan, its named parameters made positional. */
    private static List<String> explainGeneric(Handle h, Dimension by, boolean batch, boolean line) {
        String sql = JdbiMessageStatistics.sql(by, batch, line)
                .replace(":w", "$1").replace(":from", "$2").replace(":to", "$3").replace(":batchId", "$4")
                .replace(":lineId", "$5").replace(":starts", "$6");
        h.execute("DEALLOCATE ALL");
        h.execute("SET plan_cache_mode = force_generic_plan");
        h.execute("SET jit = off");
        String types = "(char(24), timestamptz, timestamptz, text, char(24), timestamptz[])";
        // PREPARE needs every declared parameter used: the unused ones are referenced in a trivially true clause
        String unused = (batch ? "" : " AND ($4::text IS NULL OR true)") + (line ? "" : " AND ($5::char(24) IS NULL OR true)")
                + (by == Dimension.PERIOD ? "" : " AND ($6::timestamptz[] IS NULL OR true)");
        h.execute("PREPARE report " + types + " AS SELECT * FROM (" + sql + ") r WHERE true" + unused);
        return h.createQuery("EXPLAIN EXECUTE report('" + ws + "', '2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z', 'b1', '"
                + "0".repeat(24) + "', '{2026-07-01T00:00:00Z,2026-07-02T00:00:00Z}')").mapTo(String.class).list();
    }
}
