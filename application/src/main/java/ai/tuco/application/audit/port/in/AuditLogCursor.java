package ai.tuco.application.audit.port.in;

import java.time.Instant;
import java.util.Objects;

/** A position in an audit list ordered newest first by (at, id): the next page starts after it. */
public record AuditLogCursor(Instant at, long id) {
    public AuditLogCursor {
        Objects.requireNonNull(at, "at");
    }
}
