package ai.tuco.adapters.persistence.idempotency;

import ai.tuco.adapters.persistence.shared.Rows;
import ai.tuco.application.idempotency.port.out.IdempotencyRepository;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Idempotency records in PostgreSQL; each call is its own short transaction, never the request's. */
public final class JdbiIdempotencyRepository implements IdempotencyRepository {
    private final Jdbi jdbi;

    public JdbiIdempotencyRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean claim(WorkspaceId workspaceId, String key, byte[] requestSha256, Instant now, Instant expiresAt) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO idempotency_keys (workspace_id, key, request_sha256, state, locked_at, expires_at)
                        VALUES (:w, :key, :hash, 'in_progress', :now, :expires) ON CONFLICT DO NOTHING""")
                .bind("w", workspaceId.value())
                .bind("key", key)
                .bind("hash", requestSha256)
                .bind("now", now)
                .bind("expires", expiresAt)
                .execute() == 1);
    }

    @Override
    public Optional<StoredKey> find(WorkspaceId workspaceId, String key) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM idempotency_keys WHERE workspace_id = :w AND key = :key")
                .bind("w", workspaceId.value())
                .bind("key", key)
                .map((rs, ctx) -> new StoredKey(
                        rs.getBytes("request_sha256"),
                        "done".equals(rs.getString("state")),
                        rs.getInt("response_status"),
                        rs.getBytes("response_body"),
                        Rows.instant(rs, "expires_at")))
                .findOne());
    }

    @Override
    public boolean takeOver(WorkspaceId workspaceId, String key, byte[] requestSha256, Instant staleBefore, Instant now,
            Instant expiresAt) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE idempotency_keys SET request_sha256 = :hash, state = 'in_progress', response_status = NULL,
                            response_body = NULL, locked_at = :now, expires_at = :expires
                        WHERE workspace_id = :w AND key = :key
                          AND (expires_at < :now OR (state = 'in_progress' AND locked_at < :stale))""")
                .bind("w", workspaceId.value())
                .bind("key", key)
                .bind("hash", requestSha256)
                .bind("now", now)
                .bind("stale", staleBefore)
                .bind("expires", expiresAt)
                .execute() == 1);
    }

    @Override
    public void complete(WorkspaceId workspaceId, String key, int status, byte[] body) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE idempotency_keys SET state = 'done', response_status = :status, response_body = :body
                        WHERE workspace_id = :w AND key = :key""")
                .bind("w", workspaceId.value())
                .bind("key", key)
                .bind("status", status)
                .bind("body", body)
                .execute());
    }

    @Override
    public void delete(WorkspaceId workspaceId, String key) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM idempotency_keys WHERE workspace_id = :w AND key = :key")
                .bind("w", workspaceId.value())
                .bind("key", key)
                .execute());
    }

    @Override
    public int deleteExpired(Instant now) {
        return jdbi.withHandle(h -> {
            h.createUpdate("DELETE FROM message_idempotency WHERE created_at < :cutoff")
                    .bind("cutoff", now.minus(java.time.Duration.ofHours(24))).execute();
            return h.createUpdate("DELETE FROM idempotency_keys WHERE expires_at < :now").bind("now", now).execute();
        });
    }
}
