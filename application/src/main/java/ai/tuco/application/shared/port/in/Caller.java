package ai.tuco.application.shared.port.in;

import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.ApiKeyId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.Workspace;
import java.util.Objects;
import java.util.Optional;

/**
 * An authenticated caller: the workspace it acts in (as loaded for this request), its role, and the key or user
 * it authenticated as.
 */
public record Caller(Workspace workspace, Role role, Optional<ApiKeyId> apiKeyId, Optional<UserId> userId) {
    public Caller {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(apiKeyId, "apiKeyId");
        Objects.requireNonNull(userId, "userId");
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** The audit actor for this caller, seen from {@code ip} under {@code correlationId}. */
    public Actor actor(String ip, String correlationId) {
        String type = apiKeyId.isPresent() ? "api_key" : "user";
        String id = apiKeyId.map(ApiKeyId::value).or(() -> userId.map(UserId::value)).orElse("unknown");
        return new Actor(type, id, Optional.ofNullable(ip), Optional.ofNullable(correlationId));
    }

    /** @throws UseCaseException FORBIDDEN unless the caller is an admin */
    public void requireAdmin() {
        if (!isAdmin()) {
            throw UseCaseException.forbidden("Only admins may do this");
        }
    }

    /** @throws UseCaseException READ_ONLY when the workspace is read-only */
    public void requireWritable() {
        if (workspace.isReadOnly()) {
            throw UseCaseException.readOnly();
        }
    }
}
