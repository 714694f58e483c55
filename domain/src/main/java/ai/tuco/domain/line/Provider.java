package ai.tuco.domain.line;

import ai.tuco.domain.shared.Channel;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Who actually carries a line's messages. */
public enum Provider {
    SANDBOX,
    BLUEBUBBLES,
    TWILIO,
    SMTP;

    /** The channels this provider can carry; a line may use any subset of them. */
    public Set<Channel> channels() {
        return switch (this) {
            case SANDBOX -> EnumSet.allOf(Channel.class);
            case BLUEBUBBLES -> EnumSet.of(Channel.IMESSAGE, Channel.SMS);
            case TWILIO -> EnumSet.of(Channel.SMS);
            case SMTP -> EnumSet.of(Channel.EMAIL);
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Provider> fromWire(String value) {
        for (Provider p : values()) {
            if (p.wireName().equals(value)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
