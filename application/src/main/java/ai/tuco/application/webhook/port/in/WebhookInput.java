package ai.tuco.application.webhook.port.in;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The fields of a webhook as sent (creation requires url, events and name; a change sends only what changes). */
public record WebhookInput(Optional<String> url, Optional<List<String>> events, Optional<String> name,
        Optional<String> description, Optional<Boolean> enabled) {
    public WebhookInput {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(enabled, "enabled");
    }
}
