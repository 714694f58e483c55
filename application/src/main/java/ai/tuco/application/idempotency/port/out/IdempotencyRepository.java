package ai.tuco.application.idempotency.port.out;

import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Optional;

/** Idempotency records, one per (workspace, key). */
public interface IdempotencyRepository {
    /** Claims the key for a running request; @return false when a record exists already. */
    boolean claim(WorkspaceId workspaceId, String key, byte[] requestSha256, Instant now, Instant expiresAt);

    Optional<StoredKey> find(WorkspaceId workspaceId, String key);

    /**
     * Takes over a key whose running request looks dead (locked before {@code staleBefore}), or whose record expired.
     * @return true when this caller now holds it
     */
    boolean takeOver(WorkspaceId workspaceId, String key, byte[] requestSha256, Instant staleBefore, Instant now, Instant expiresAt);

    void complete(WorkspaceId workspaceId, String key, int status, byte[] body);

    void delete(WorkspaceId workspaceId, String key);

    int deleteExpired(Instant now);

    /** @param done false while the first request still runs */
    record StoredKey(byte[] requestSha256, boolean done, int status, byte[] body, Instant expiresAt) {}
}
