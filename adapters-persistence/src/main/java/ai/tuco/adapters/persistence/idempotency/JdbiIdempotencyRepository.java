package ai.tuco.adapters.persistence.idempotency;

import ai.tuco.adapters.persistence.shared.Rows;
import ai.tuco.application.idempotency.port.out.IdempotencyRepository;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * Idempotency records in PostgreSQL. The HTTP filter's calls are each their own short transaction, never the request's;
 * {@link #claimAll} and {@link #completeAll} run inside an accepting transaction (ADR 22).
 */
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

    /** One insert for all the keys, in key order (one lock order for every caller); runs in the caller's transaction. */
    @Override
    public Set<String> claimAll(WorkspaceId workspaceId, Map<String, byte[]> requests, Instant now, Instant expiresAt) {
        if (requests.isEmpty()) {
            return Set.of();
        }
        List<String> keys = requests.keySet().stream().sorted().toList();
        return jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO idempotency_keys (workspace_id, key, request_sha256, state, locked_at, expires_at)
                        SELECT :w, k, decode(x, 'hex'), 'in_progress', :now, :expires
                        FROM unnest(CAST(:keys AS text[]), CAST(:hashes AS text[])) WITH ORDINALITY AS t(k, x, n)
                        ORDER BY n
                        ON CONFLICT DO NOTHING
                        RETURNING key""")
                .bind("w", workspaceId.value())
                .bind("keys", keys.toArray(String[]::new))
                .bind("hashes", keys.stream().map(k -> HexFormat.of().formatHex(requests.get(k))).toArray(String[]::new))
                .bind("now", now)
                .bind("expires", expiresAt)
                .mapTo(String.class)
                .set());
    }

    @Override
    public void completeAll(WorkspaceId workspaceId, Map<String, byte[]> answers, int status) {
        if (answers.isEmpty()) {
            return;
        }
        List<String> keys = answers.keySet().stream().sorted().toList();
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE idempotency_keys k SET state = 'done', response_status = :status, response_body = decode(t.body, 'hex')
                        FROM unnest(CAST(:keys AS text[]), CAST(:bodies AS text[])) AS t(key, body)
                        WHERE k.workspace_id = :w AND k.key = t.key""")
                .bind("w", workspaceId.value())
                .bind("status", status)
                .bind("keys", keys.toArray(String[]::new))
                .bind("bodies", keys.stream().map(k -> HexFormat.of().formatHex(answers.get(k))).toArray(String[]::new))
                .execute());
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
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM idempotency_keys WHERE expires_at < :now").bind("now", now).execute());
    }
}
