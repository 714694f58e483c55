package ai.tuco.application.idempotency.port.out;

import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Idempotency records, one per (workspace, key). */
public interface IdempotencyRepository {
    /** Claims the key for a running request; @return false when a record exists already. */
    boolean claim(WorkspaceId workspaceId, String key, byte[] requestSha256, Instant now, Instant expiresAt);

    /**
     * Claims keys inside the caller's transaction, waiting for a transaction that holds one of them to end.
     *
     * @param requests key → request fingerprint
     * @return the keys this transaction now holds (the others have a record already)
     */
    Set<String> claimAll(WorkspaceId workspaceId, Map<String, byte[]> requests, Instant now, Instant expiresAt);

    /** Stores the answers of keys claimed in the same transaction, with one status. */
    void completeAll(WorkspaceId workspaceId, Map<String, byte[]> answers, int status);

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
