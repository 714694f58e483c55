package ai.tuco.domain.message;

import java.util.Objects;

/** A newly accepted message and its first event. */
public record Accepted(Message message, MessageEvent event) {
    public Accepted {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(event, "event");
    }
}
