package ai.tuco.adapters.persistence.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.postgres.TestRows;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * V9's triggers on real PostgreSQL, run as the test database's owner (a superuser on the test server): audit rows
 * cannot be updated, deleted or truncated; only {@code audit_log_purge} deletes, and only rows older than its cutoff.
 */
class AppendOnlyAuditLogTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    /** Each test's own workspace: rows cannot be cleaned up between tests, that is the point. */
    private String ws;

    @BeforeEach
    void insertRows() {
        ws = TestRows.newId();
        insert("old.one", NOW.minus(40, ChronoUnit.DAYS));
        insert("old.two", NOW.minus(31, ChronoUnit.DAYS));
        insert("recent", NOW.minus(29, ChronoUnit.DAYS));
        insert("today", NOW);
    }

    private void insert(String action, Instant at) {
        db.exec("INSERT INTO audit_log (workspace_id, actor_type, actor_id, action, at) VALUES (?, 'cli', 'cli', ?, ?)",
                ws, action, Timestamp.from(at));
    }

    private long rows() {
        return db.count("SELECT count(*) FROM audit_log WHERE workspace_id = ?", ws);
    }

    @Test
    void theTestRole_ownsTheTable() {
        assertThat(db.count("SELECT count(*) FROM pg_tables WHERE tablename = 'audit_log' AND tableowner = current_user"))
                .as("the refusals below are the owner's").isEqualTo(1);
    }

    @Test
    void anUpdate_isRefused_evenForTheOwner() {
        long before = rows();
        assertThatThrownBy(() -> db.exec("UPDATE audit_log SET actor_id = 'someone else' WHERE workspace_id = ?", ws))
                .isInstanceOf(UnableToExecuteStatementException.class)
                .hasMessageContaining("audit_log is append-only: UPDATE refused");
        assertThat(db.count("SELECT count(*) FROM audit_log WHERE actor_id = 'someone else'")).isZero();
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void aDelete_isRefused_evenForTheOwner() {
        long before = rows();
        assertThatThrownBy(() -> db.exec("DELETE FROM audit_log WHERE workspace_id = ? AND action = 'today'", ws))
                .isInstanceOf(UnableToExecuteStatementException.class)
                .hasMessageContaining("audit_log is append-only: DELETE refused");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void aTruncate_isRefused_evenForTheOwner() {
        long before = rows();
        assertThatThrownBy(() -> db.exec("TRUNCATE audit_log"))
                .isInstanceOf(UnableToExecuteStatementException.class)
                .hasMessageContaining("audit_log is append-only: TRUNCATE refused");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void purge_deletesOnlyRowsOlderThanTheCutoff_inBatches() {
        Instant cutoff = NOW.minus(30, ChronoUnit.DAYS);
        long old = db.count("SELECT count(*) FROM audit_log WHERE at < ?", Timestamp.from(cutoff));
        long kept = db.count("SELECT count(*) FROM audit_log WHERE at >= ?", Timestamp.from(cutoff));
        assertThat(old).isGreaterThanOrEqualTo(2);
        JdbiAuditLogRetention retention = new JdbiAuditLogRetention(db.jdbi());

        assertThat(retention.purgeBefore(cutoff, 1)).isEqualTo(1);
        assertThat(retention.purgeBefore(cutoff, 1_000)).isEqualTo(old - 1);
        assertThat(retention.purgeBefore(cutoff, 1_000)).isZero();

        assertThat(db.strings("SELECT action FROM audit_log WHERE workspace_id = ? ORDER BY at", ws)).containsExactly("recent", "today");
        assertThat(db.count("SELECT count(*) FROM audit_log")).isEqualTo(kept);
    }

    @Test
    void purge_refusesACutoffInTheFuture() {
        long before = rows();
        assertThatThrownBy(() -> new JdbiAuditLogRetention(db.jdbi()).purgeBefore(NOW.plus(1, ChronoUnit.DAYS), 10))
                .hasMessageContaining("older_than must be a time in the past");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void afterAPurge_theSameTransaction_stillCannotDelete() {
        long before = rows();
        assertThatThrownBy(() -> db.jdbi().useTransaction(h -> {
            h.createQuery("SELECT audit_log_purge(now() - interval '1 year')").mapTo(Integer.class).one();
            h.execute("DELETE FROM audit_log WHERE workspace_id = ?", ws);
        })).hasMessageContaining("audit_log is append-only: DELETE refused");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void aClientThatSetsThePurgeFlagItself_canDelete_theLimitTheReadmeStates() {
        // The triggers guard against accidental and application-level rewrites, not against a client that knows the flag.
        int deleted = db.jdbi().inTransaction(h -> {
            h.execute("SET LOCAL tuco.audit_purge = 'on'");
            return h.execute("DELETE FROM audit_log WHERE workspace_id = ? AND action = 'old.one'", ws);
        });
        assertThat(deleted).isEqualTo(1);
        assertThatThrownBy(() -> db.exec("DELETE FROM audit_log WHERE workspace_id = ? AND action = 'today'", ws))
                .hasMessageContaining("DELETE refused"); // the flag was transaction-local
    }
}
