package ai.tuco.application.webhook.port.out;

import ai.tuco.domain.shared.WebhookId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.webhook.WebhookEndpoint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Webhook endpoints of a workspace; secrets are sealed on the way in and opened only for signing. */
public interface WebhookEndpointRepository {
    void insert(WebhookEndpoint endpoint, String secret);

    List<WebhookEndpoint> list(WorkspaceId workspaceId);

    Optional<WebhookEndpoint> find(WorkspaceId workspaceId, WebhookId id);

    /** Writes url, name, description, events and the enabled state; enabling clears the failure streak. */
    void update(WebhookEndpoint endpoint);

    /** Deletes the endpoint and its delivery log; false when there was none. */
    boolean delete(WorkspaceId workspaceId, WebhookId id);

    /** The new secret signs from now on; the current one keeps signing too until {@code previousUntil}. */
    void rotateSecret(WorkspaceId workspaceId, WebhookId id, String newSecret, Instant previousUntil);

    /** The secrets that sign now (the previous one only while its rotation window lasts). */
    Optional<SigningSecrets> secrets(WorkspaceId workspaceId, WebhookId id, Instant now);
}
