package ai.tuco.application.message.port.in;

import ai.tuco.domain.shared.MessageId;
import java.time.Instant;
import java.util.Objects;

/** A position in a message list ordered newest first by (createdAt, id): the next page starts after it. */
public record PageCursor(Instant createdAt, MessageId id) {
    public PageCursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
    }
}
