package ai.tuco.adapters.persistence.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.postgres.TestRows;
import ai.tuco.application.shared.port.out.AuditLog.Entry;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.WorkspaceId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AuditLog port's contract on PostgreSQL: one row per entry, written in the caller's transaction. */
class JdbiAuditLogTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final Instant AT = Instant.parse("2026-03-10T12:00:00.123Z");

    private final TestRows rows = new TestRows(db);
    private final AuditLog audit = new JdbiAuditLog(db.jdbi());

    @Test
    void anEntry_append_writesEveryField() {
        String ws = rows.workspace();
        Actor actor = new Actor("api_key", "k1", Optional.of("203.0.113.7"), Optional.of("corr-1"));

        audit.append(new Entry(Optional.of(new WorkspaceId(ws)), actor, "line.create", "line", "l1", AT, Map.of("channels", "sms")));

        Map<String, Object> row = db.row("SELECT *, CAST(detail AS text) AS detail_text FROM audit_log WHERE action = 'line.create'");
        assertThat(row).containsEntry("workspace_id", ws).containsEntry("actor_type", "api_key").containsEntry("actor_id", "k1")
                .containsEntry("target_type", "line").containsEntry("target_id", "l1").containsEntry("ip", "203.0.113.7")
                .containsEntry("correlation_id", "corr-1").containsEntry("detail_text", "{\"channels\": \"sms\"}");
        assertThat(((Timestamp) row.get("at")).toInstant()).isEqualTo(AT);
    }

    @Test
    void anInstanceWideEntry_append_leavesTheWorkspaceEmpty() {
        audit.append(new Entry(Optional.empty(), Actor.cli(), "instance.migrate", null, null, AT, Map.of()));

        Map<String, Object> row = db.row("SELECT *, CAST(detail AS text) AS detail_text FROM audit_log WHERE action = 'instance.migrate'");
        assertThat(row.get("workspace_id")).isNull();
        assertThat(row.get("ip")).isNull();
        assertThat(row.get("target_id")).isNull();
        assertThat(row).containsEntry("actor_type", Actor.cli().type()).containsEntry("detail_text", "{}");
    }

    @Test
    void insideATransactionThatRollsBack_append_leavesNoRow() {
        assertThatThrownBy(() -> db.jdbi().useTransaction(tx -> {
            audit.append(new Entry(Optional.empty(), Actor.cli(), "rolled.back", "x", "1", AT, Map.of()));
            throw new IllegalStateException("abort");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'rolled.back'")).isZero();
    }
}
