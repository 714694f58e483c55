package ai.tuco.application.audit.port.in;

import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One audit row as a caller reads it: who ({@code actorType}, {@code actorId}) did what to what, when, from where. */
public record AuditLogView(
        long id,
        WorkspaceId workspaceId,
        String actorType,
        String actorId,
        String action,
        Optional<String> targetType,
        Optional<String> targetId,
        Optional<String> ip,
        Optional<String> correlationId,
        Map<String, String> detail,
        Instant at) {
    public AuditLogView {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(actorType, "actorType");
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(targetType, "targetType");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(at, "at");
        detail = Map.copyOf(detail);
    }
}
