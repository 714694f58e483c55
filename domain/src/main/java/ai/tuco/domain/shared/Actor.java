package ai.tuco.domain.shared;

import java.util.Objects;
import java.util.Optional;

/**
 * Who made a change and from where, as recorded in the audit log.
 *
 * @param type "api_key", "user", "cli" or "system"
 */
public record Actor(String type, String id, Optional<String> ip, Optional<String> correlationId) {
    public Actor {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(correlationId, "correlationId");
    }

    public static Actor cli() {
        return new Actor("cli", "cli", Optional.empty(), Optional.empty());
    }

    public static Actor system(String what) {
        return new Actor("system", what, Optional.empty(), Optional.empty());
    }
}
