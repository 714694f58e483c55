package ai.tuco.application.webhook.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.WebhookId;
import ai.tuco.domain.webhook.WebhookEndpoint;
import java.util.List;

/** Admins subscribe endpoints to message events, change, disable, re-enable and delete them, and rotate secrets. */
public interface ManageWebhooksUseCase {
    /** An endpoint with its secret: the only answer that ever carries it (creation, rotation). */
    record WithSecret(WebhookEndpoint endpoint, String secret) {
        @Override
        public String toString() {
            return "WithSecret[" + endpoint.id() + ", secret redacted]";
        }
    }

    WithSecret create(Caller caller, Actor actor, WebhookInput input);

    List<WebhookEndpoint> list(Caller caller);

    WebhookEndpoint get(Caller caller, WebhookId id);

    WebhookEndpoint update(Caller caller, Actor actor, WebhookId id, WebhookInput changes);

    void delete(Caller caller, Actor actor, WebhookId id);

    /** A new secret; the old one keeps signing beside it for 24 hours. */
    WithSecret rotateSecret(Caller caller, Actor actor, WebhookId id);
}
