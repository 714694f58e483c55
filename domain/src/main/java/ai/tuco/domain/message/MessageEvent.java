package ai.tuco.domain.message;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** Something that happened to a message: a status change, a read receipt, or an event recorded and ignored. */
public record MessageEvent(
        String type, Optional<MessageStatus> fromStatus, MessageStatus toStatus, Instant at, Map<String, String> detail) {

    public static final String ACCEPTED = "accepted";
    public static final String STATUS_CHANGED = "status_changed";
    public static final String IGNORED = "ignored";
    public static final String READ = "read";
    /** Our own send result, recorded after a provider event had already moved the message on. */
    public static final String SEND_RECORDED = "send_recorded";
    public static final String FALLBACK_LINKED = "fallback_linked";
    /** The send window closed while the message waited: scheduled again for its next opening. */
    public static final String RESCHEDULED = "rescheduled";
    /** A reply answered the message (its status does not change); {@code detail.replyId} names it. */
    public static final String REPLIED = "replied";

    public MessageEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(fromStatus, "fromStatus");
        Objects.requireNonNull(toStatus, "toStatus");
        Objects.requireNonNull(at, "at");
        TreeMap<String, String> sorted = new TreeMap<>(detail);
        sorted.values().forEach(v -> Objects.requireNonNull(v, "detail value"));
        detail = Collections.unmodifiableMap(sorted);
    }

    static MessageEvent of(String type, MessageStatus from, MessageStatus to, Instant at, Map<String, String> detail) {
        return new MessageEvent(type, Optional.of(from), to, at, detail);
    }
}
