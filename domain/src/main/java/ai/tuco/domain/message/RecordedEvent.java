package ai.tuco.domain.message;

import java.util.Objects;

/** An event as stored in a message's history, with its per-message sequence number (1, 2, ...). */
public record RecordedEvent(int seq, MessageEvent event) {
    public RecordedEvent {
        Objects.requireNonNull(event, "event");
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1, got " + seq);
        }
    }
}
