package ai.tuco.adapters.persistence.message;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.postgres.TestRows;
import ai.tuco.application.message.port.out.AcceptedKeys;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AcceptedKeys port's contract on PostgreSQL: a key finds its message for 24 hours, in its own workspace only. */
class JdbiAcceptedKeysTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private final TestRows rows = new TestRows(db);
    private final AcceptedKeys keys = new JdbiAcceptedKeys(db.jdbi());
    private WorkspaceId ws;
    private String line;
    private String lead;

    @BeforeEach
    void aWorkspace() {
        ws = new WorkspaceId(rows.workspace());
        line = rows.line(ws.value());
        lead = rows.lead(ws.value());
    }

    private MessageId message() {
        return new MessageId(rows.message(ws.value(), line, lead, "queued", Instant.now()));
    }

    @Test
    void aRememberedKey_find_returnsItsMessage() {
        MessageId id = message();

        keys.remember(ws, "key-1", id, Instant.now());

        assertThat(keys.find(ws, "key-1")).contains(id);
    }

    @Test
    void anUnknownKey_orAnotherWorkspacesKey_findsNothing() {
        keys.remember(ws, "key-2", message(), Instant.now());
        WorkspaceId other = new WorkspaceId(rows.workspace());

        assertThat(keys.find(ws, "key-unknown")).isEmpty();
        assertThat(keys.find(other, "key-2")).isEmpty();
    }

    @Test
    void aKeyOlderThanTheRetention_findsNothing_andRememberReplacesIt() {
        MessageId old = message();
        keys.remember(ws, "key-3", old, Instant.now().minus(Duration.ofHours(25)));

        assertThat(keys.find(ws, "key-3")).isEmpty();

        MessageId fresh = message();
        keys.remember(ws, "key-3", fresh, Instant.now());
        assertThat(keys.find(ws, "key-3")).contains(fresh);
        assertThat(db.count("SELECT count(*) FROM message_idempotency WHERE workspace_id = ? AND key = ?", ws.value(), "key-3"))
                .isEqualTo(1);
    }

    @Test
    void aKeyJustInsideTheRetention_isStillFound() {
        MessageId id = message();

        keys.remember(ws, "key-4", id, Instant.now().minus(Duration.ofHours(23)));

        assertThat(keys.find(ws, "key-4")).contains(id);
    }
}
