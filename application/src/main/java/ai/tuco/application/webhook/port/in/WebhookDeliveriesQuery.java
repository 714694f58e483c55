package ai.tuco.application.webhook.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.PageRequest;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.DeliveryId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WebhookId;
import ai.tuco.domain.webhook.WebhookDelivery;
import java.util.List;

/** The delivery log: a message's deliveries (members may read), an endpoint's with their attempts, a manual replay. */
public interface WebhookDeliveriesQuery {
    record Page(List<WebhookDelivery> deliveries, PageRequest page, long total) {}

    List<WebhookDelivery> forMessage(Caller caller, MessageId messageId);

    Page log(Caller caller, WebhookId webhookId, PageRequest page);

    WebhookDelivery retry(Caller caller, Actor actor, WebhookId webhookId, DeliveryId deliveryId);
}
