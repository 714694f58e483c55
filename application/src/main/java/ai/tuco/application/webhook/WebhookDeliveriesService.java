package ai.tuco.application.webhook;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.PageRequest;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.application.webhook.port.in.WebhookDeliveriesQuery;
import ai.tuco.application.webhook.port.out.WebhookEndpointRepository;
import ai.tuco.application.webhook.port.out.WebhookQueue;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.DeliveryId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WebhookId;
import ai.tuco.domain.webhook.WebhookDelivery;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the delivery log and replays one delivery by hand (the replay and its audit row in one transaction). */
public final class WebhookDeliveriesService implements WebhookDeliveriesQuery {
    private final WebhookEndpointRepository endpoints;
    private final WebhookQueue queue;
    private final AuditLog audit;
    private final TransactionRunner tx;
    private final Clock clock;

    public WebhookDeliveriesService(WebhookEndpointRepository endpoints, WebhookQueue queue, AuditLog audit,
            TransactionRunner tx, Clock clock) {
        this.endpoints = endpoints;
        this.queue = queue;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Members may read these: they show that events went out, not where or how they were signed. A message that is
     * not the workspace's is 404, as {@code GET /api/messages/{id}} answers.
     */
    @Override
    public List<WebhookDelivery> forMessage(Caller caller, MessageId messageId) {
        return queue.forMessage(caller.workspace().id(), messageId).orElseThrow(() -> UseCaseException.notFound("Message"));
    }

    @Override
    public Page log(Caller caller, WebhookId webhookId, PageRequest page) {
        caller.requireAdmin();
        requireEndpoint(caller, webhookId);
        WebhookQueue.Page p = queue.log(caller.workspace().id(), webhookId, page.limit(), page.offset());
        return new Page(p.deliveries(), page, p.total());
    }

    @Override
    public WebhookDelivery retry(Caller caller, Actor actor, WebhookId webhookId, DeliveryId deliveryId) {
        caller.requireAdmin();
        caller.requireWritable();
        requireEndpoint(caller, webhookId);
        Instant now = clock.instant();
        return tx.inTransaction(() -> {
            WebhookDelivery d = queue.retry(caller.workspace().id(), webhookId, deliveryId, now)
                    .orElseThrow(() -> UseCaseException.notFound("Delivery"));
            audit.append(new AuditLog.Entry(Optional.of(caller.workspace().id()), actor, "webhook.delivery.retry",
                    "webhook_delivery", deliveryId.value(), now, Map.of("webhookId", webhookId.value())));
            return d;
        });
    }

    private void requireEndpoint(Caller caller, WebhookId id) {
        endpoints.find(caller.workspace().id(), id).orElseThrow(() -> UseCaseException.notFound("Webhook"));
    }
}
