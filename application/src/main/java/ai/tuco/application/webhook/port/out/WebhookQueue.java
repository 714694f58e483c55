package ai.tuco.application.webhook.port.out;

import ai.tuco.domain.shared.DeliveryId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WebhookId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.webhook.WebhookDelivery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The outbox of webhook deliveries (its rows are written with the message events, see the message writer): claimed
 * with fenced leases like the dispatch queue, in order per (endpoint, message), at most {@code perEndpoint} in flight
 * per endpoint; and the delivery log read by the API.
 */
public interface WebhookQueue {
    /** A delivery claimed by {@code owner}; {@code token} fences its outcome. */
    record Claimed(DeliveryId id, WebhookId endpointId, WorkspaceId workspaceId, String url, String event, String body,
            long token, String owner, int attempts, Optional<Instant> failingSince, SigningSecrets secrets) {}

    /** What an attempt did to its delivery and to its endpoint. */
    record Outcome(WebhookDelivery.Attempt attempt, WebhookDelivery.Status status, Optional<Instant> nextAttemptAt,
            EndpointEffect effect, Optional<String> disableReason) {}

    enum EndpointEffect {
        /** a success: the endpoint's failure streak ends */
        HEALTHY,
        /** a failure: the streak starts here unless it already runs */
        FAILING,
        /** the endpoint is disabled with the outcome's reason; its other pending deliveries fail */
        DISABLE
    }

    record Page(List<WebhookDelivery> deliveries, long total) {}

    /**
     * Due deliveries whose endpoint is enabled, not in {@code busy}, and under its in-flight bound, and that have no
     * earlier pending event of the same message for the same endpoint; leased to {@code owner} until {@code leaseUntil}.
     */
    List<Claimed> claim(String owner, Instant now, Instant leaseUntil, int limit, int perEndpoint, Set<WebhookId> busy);

    /** Records the attempt and the delivery's new state, only if the claim still holds; false when it was lost. */
    boolean record(Claimed claim, Outcome outcome);

    /** The message's deliveries, earliest event first; empty when the workspace has no such message. */
    Optional<List<WebhookDelivery>> forMessage(WorkspaceId workspaceId, MessageId messageId);

    /** The endpoint's deliveries, newest first, each with its attempts. */
    Page log(WorkspaceId workspaceId, WebhookId webhookId, int limit, int offset);

    /**
     * Makes the delivery pending and due now (a manual replay), unless an attempt holds it; empty when it is not the
     * endpoint's. Joins the caller's transaction.
     */
    Optional<WebhookDelivery> retry(WorkspaceId workspaceId, WebhookId webhookId, DeliveryId id, Instant now);
}
