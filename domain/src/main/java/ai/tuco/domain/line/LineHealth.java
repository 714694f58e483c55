package ai.tuco.domain.line;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A line's health as its provider last reported it: {@code unknown} until a check ran. The reason is ours (a short,
 * fixed-form text), never a provider's response body.
 */
public record LineHealth(Status status, Optional<Instant> checkedAt, Optional<String> reason) {

    public enum Status {
        HEALTHY, UNHEALTHY, UNKNOWN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status fromWire(String value) {
            for (Status s : values()) {
                if (s.wireName().equals(value)) {
                    return s;
                }
            }
            return UNKNOWN;
        }
    }

    public LineHealth {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(reason, "reason");
    }

    public static LineHealth unknown() {
        return new LineHealth(Status.UNKNOWN, Optional.empty(), Optional.empty());
    }

    public static LineHealth healthy(Instant at) {
        return new LineHealth(Status.HEALTHY, Optional.of(at), Optional.empty());
    }

    public static LineHealth unhealthy(Instant at, String reason) {
        return new LineHealth(Status.UNHEALTHY, Optional.of(at), Optional.of(reason));
    }

    /** Healthy or never checked: an automatic line choice takes these before unhealthy ones. */
    public boolean usable() {
        return status != Status.UNHEALTHY;
    }
}
