package ai.tuco.domain.message;

import java.util.Objects;

/** A message after something happened to it, and the event to record for it. */
public record Transition(Message message, MessageEvent event) {
    public Transition {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(event, "event");
    }

    /** The event was recorded but changed nothing (a stale or repeated provider event). */
    public boolean ignored() {
        return MessageEvent.IGNORED.equals(event.type());
    }
}
