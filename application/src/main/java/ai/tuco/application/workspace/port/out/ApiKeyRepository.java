package ai.tuco.application.workspace.port.out;

import ai.tuco.domain.shared.ApiKeyId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.ApiKey;
import ai.tuco.domain.workspace.Workspace;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stores API keys by the SHA-256 of their secret; the secret itself is never stored. */
public interface ApiKeyRepository {
    void insert(ApiKey key, byte[] secretSha256);


    /** The key with this secret digest and its workspace, read in one round trip (the hot path of every request). */
    Optional<Credential> findCredential(byte[] secretSha256);

    /** A key, the digest it is stored under, and its workspace. */
    record Credential(ApiKey key, byte[] secretSha256, Workspace workspace) {}

    List<ApiKey> listByWorkspace(WorkspaceId workspaceId);

    /** Marks the key revoked; @return false when the workspace has no such live key. */
    boolean revoke(WorkspaceId workspaceId, ApiKeyId id, Instant at);

    /** Sets lastUsedAt unless it was already set at or after {@code notBefore}, so a hot key row is rarely written. */
    void touchLastUsed(ApiKeyId id, Instant at, Instant notBefore);
}
