package ai.tuco.application.audit.port.out;

import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Reads one workspace's audit rows newest first by (at, id); rows of other workspaces are never returned. */
public interface AuditLogReader {
    /**
     * @param after only rows strictly before this (at, id) position
     * @param limit at most this many rows
     */
    List<Row> list(WorkspaceId workspaceId, Filter filter, Optional<Position> after, int limit);

    /** Each empty part matches any row; {@code from} inclusive, {@code to} exclusive. */
    record Filter(
            Optional<String> actorType,
            Optional<String> actorId,
            Optional<String> action,
            Optional<String> targetType,
            Optional<String> targetId,
            Optional<Instant> from,
            Optional<Instant> to) {
        public Filter {
            Objects.requireNonNull(actorType, "actorType");
            Objects.requireNonNull(actorId, "actorId");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(targetType, "targetType");
            Objects.requireNonNull(targetId, "targetId");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    record Position(Instant at, long id) {
        public Position {
            Objects.requireNonNull(at, "at");
        }
    }

    /** An audit row as stored. */
    record Row(long id, WorkspaceId workspaceId, String actorType, String actorId, String action, Optional<String> targetType,
            Optional<String> targetId, Optional<String> ip, Optional<String> correlationId, Map<String, String> detail, Instant at) {
        public Row {
            detail = Map.copyOf(detail);
        }
    }
}
