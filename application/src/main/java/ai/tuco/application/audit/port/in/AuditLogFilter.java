package ai.tuco.application.audit.port.in;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which audit rows a list shows; each empty part matches any row.
 *
 * @param actorType with {@code actorId}, the actor's kind ("api_key", "user", "cli", "system")
 * @param from inclusive
 * @param to exclusive
 */
public record AuditLogFilter(
        Optional<String> actorType,
        Optional<String> actorId,
        Optional<String> action,
        Optional<String> targetType,
        Optional<String> targetId,
        Optional<Instant> from,
        Optional<Instant> to) {
    public AuditLogFilter {
        Objects.requireNonNull(actorType, "actorType");
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(targetType, "targetType");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    /** Every row of the workspace. */
    public static AuditLogFilter any() {
        return new AuditLogFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
