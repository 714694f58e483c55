package ai.tuco.domain.shared;

import java.util.Locale;
import java.util.Optional;

/** A way to reach a recipient; the wire names are the lower-case constant names. */
public enum Channel {
    IMESSAGE(20_000),
    SMS(1_600),
    EMAIL(100_000);

    private final int maxCodePoints;

    Channel(int maxCodePoints) {
        this.maxCodePoints = maxCodePoints;
    }

    /** Longest message body this channel accepts, in Unicode code points. */
    public int maxCodePoints() {
        return maxCodePoints;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Channel> fromWire(String value) {
        for (Channel c : values()) {
            if (c.wireName().equals(value)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** iMessage and SMS address phones first; email addresses emails. */
    public boolean usesPhone() {
        return this != EMAIL;
    }
}
