package ai.tuco.adapters.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The indexes every accept writes whose keys grow with time (a workspace, then a creation time) must take new entries
 * at their right edge, where a full B-tree page splits 90/10 and stays full (V19, ADR 34). Declared newest-first, the
 * same entries land at the left edge, pages split 50/50 and the index ends up almost twice the size of a fresh build,
 * with half a page of WAL per split.
 *
 * <p>Each case copies the table with its indexes (temporary, so nothing is left behind), inserts rows in time order as
 * accepts do, and compares the index's size with the same index rebuilt from scratch.
 */
class TimeOrderedIndexesTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final int ROWS = 20_000;

    @ParameterizedTest(name = "{1} on {0}")
    @CsvSource(delimiter = '|', value = {
        "messages | messages_workspace_created | (workspace_id, created_at, id)",
        "leads | leads_workspace | (workspace_id, created_at, id)",
        "audit_log | audit_log_workspace_at | (workspace_id, at, id)",
        "audit_log | audit_log_workspace_target | (workspace_id, target_type, target_id, at, id)"})
    void appendsAtTheRightEdge_andStaysTheSizeOfAFreshBuild(String table, String index, String columns) {
        db.jdbi().useHandle(h -> {
            String definition = h.createQuery("SELECT indexdef FROM pg_indexes WHERE indexname = :i")
                    .bind("i", index).mapTo(String.class).one();
            assertThat(definition).as(definition).contains(columns).doesNotContain(" DESC");

            h.begin();
            h.execute("CREATE TEMP TABLE copy (LIKE " + table + " INCLUDING DEFAULTS) ON COMMIT DROP");
            h.execute(definition.replaceFirst("CREATE (UNIQUE )?INDEX \\S+ ON \\S+", "CREATE INDEX copy_index ON copy"));
            insertInTimeOrder(h, table);
            long grown = size(h);
            h.execute("REINDEX INDEX copy_index");
            long fresh = size(h);
            h.rollback();

            // declared newest-first, these measured 1.77-1.79 times the fresh build; ascending, within a few pages of it
            assertThat((double) grown / fresh).as("grown %d bytes, fresh %d", grown, fresh).isLessThan(1.25);
        });
    }

    private static long size(Handle h) {
        return h.createQuery("SELECT pg_relation_size('copy_index')").mapTo(Long.class).one();
    }

    /** One workspace's rows, one insert per row in time order (the index sees them one by one, as accepts write them). */
    private static void insertInTimeOrder(Handle h, String table) {
        String ws = "'w00000000000000000000001'";
        String at = "TIMESTAMPTZ '2026-01-01' + g * interval '1 millisecond'";
        String id = "lpad(to_hex(g), 24, '0')";
        String sql = switch (table) {
            case "messages" -> "INSERT INTO copy (id, workspace_id, line_id, lead_id, message_type, status, template, "
                    + "recipient_name, due_at, correlation_id, created_at, updated_at) SELECT " + id + ", " + ws
                    + ", 'l00000000000000000000001', " + id + ", 'imessage', 'queued', 'Hi', 'John', " + at + ", 'c', "
                    + at + ", " + at + " FROM generate_series(1, " + ROWS + ") g ORDER BY g";
            case "leads" -> "INSERT INTO copy (id, workspace_id, phone, created_at, updated_at) SELECT " + id + ", " + ws
                    + ", '+1202' || (5000000 + g), " + at + ", " + at + " FROM generate_series(1, " + ROWS + ") g ORDER BY g";
            default -> "INSERT INTO copy (id, workspace_id, actor_type, actor_id, action, target_type, target_id, at) "
                    + "SELECT g, " + ws + ", 'api_key', 'k', 'message.create', 'message', " + id + ", " + at
                    + " FROM generate_series(1, " + ROWS + ") g ORDER BY g";
        };
        h.execute(sql);
    }
}
