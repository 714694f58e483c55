package ai.tuco.application.shared.port.out;

import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Appends one row per write: who did what to which object, from where, under which correlation id. */
public interface AuditLog {
    void append(Entry entry);

    /** An audit row; {@code detail} never holds secrets. */
    record Entry(
            Optional<WorkspaceId> workspaceId,
            Actor actor,
            String action,
            String targetType,
            String targetId,
            Instant at,
            Map<String, String> detail) {
        public Entry {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(at, "at");
            detail = Map.copyOf(detail);
        }
    }

}
