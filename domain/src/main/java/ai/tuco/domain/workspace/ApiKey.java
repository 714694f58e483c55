package ai.tuco.domain.workspace;

import ai.tuco.domain.shared.ApiKeyId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A server-side credential. Only the SHA-256 of its secret is kept; {@code prefix} is the first few
 * characters of the secret, shown so a person can tell keys apart.
 */
public record ApiKey(
        ApiKeyId id,
        WorkspaceId workspaceId,
        String name,
        Role role,
        Optional<UserId> userId,
        String prefix,
        Optional<Instant> revokedAt,
        Optional<Instant> lastUsedAt,
        Instant createdAt) {

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(createdAt, "createdAt");
        name = name == null ? "" : name;
    }

    public boolean isRevoked() {
        return revokedAt.isPresent();
    }
}
