package ai.tuco.domain.line;

import java.util.Locale;
import java.util.Optional;

/** Who actually carries a line's messages. */
public enum Provider {
    SANDBOX,
    BLUEBUBBLES,
    TWILIO,
    SMTP;

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
