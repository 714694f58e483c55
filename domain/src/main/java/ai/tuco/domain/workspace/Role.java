package ai.tuco.domain.workspace;

import java.util.Locale;
import java.util.Optional;

/** Members send and read; admins also manage lines, API keys and webhooks. */
public enum Role {
    ADMIN,
    MEMBER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWire(String value) {
        for (Role r : values()) {
            if (r.wireName().equals(value)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
