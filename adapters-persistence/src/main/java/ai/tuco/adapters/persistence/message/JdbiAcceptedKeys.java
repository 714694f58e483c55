package ai.tuco.adapters.persistence.message;

import ai.tuco.application.message.port.out.AcceptedKeys;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Message idempotency keys in PostgreSQL (purged with the Idempotency-Key records after 24 h). */
public final class JdbiAcceptedKeys implements AcceptedKeys {
    private final Jdbi jdbi;

    public JdbiAcceptedKeys(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<MessageId> find(WorkspaceId workspaceId, String key) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT message_id FROM message_idempotency
                        WHERE workspace_id = :w AND key = :key AND created_at > now() - interval '24 hours'""")
                .bind("w", workspaceId.value())
                .bind("key", key)
                .mapTo(String.class)
                .findOne()
                .map(MessageId::new));
    }

    @Override
    public void remember(WorkspaceId workspaceId, String key, MessageId messageId, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO message_idempotency (workspace_id, key, message_id, created_at) VALUES (:w, :key, :m, :at)
                        ON CONFLICT (workspace_id, key) DO UPDATE SET message_id = EXCLUDED.message_id, created_at = EXCLUDED.created_at""")
                .bind("w", workspaceId.value())
                .bind("key", key)
                .bind("m", messageId.value())
                .bind("at", at)
                .execute());
    }
}
