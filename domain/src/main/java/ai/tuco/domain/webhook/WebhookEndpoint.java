package ai.tuco.domain.webhook;

import ai.tuco.domain.shared.WebhookId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A receiver subscribed to some message events. Its signing secret is not part of it: it is sealed at rest, shown
 * once, and read only by the delivery path. A disabled endpoint says when and why (410 Gone, five days of failures).
 */
public record WebhookEndpoint(
        WebhookId id,
        WorkspaceId workspaceId,
        String url,
        String name,
        Optional<String> description,
        List<String> events,
        boolean enabled,
        Optional<Instant> disabledAt,
        Optional<String> disabledReason,
        Instant createdAt,
        Instant updatedAt) {
    public WebhookEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        events = List.copyOf(events);
        Objects.requireNonNull(disabledAt, "disabledAt");
        Objects.requireNonNull(disabledReason, "disabledReason");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
