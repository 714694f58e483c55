package ai.tuco.application.webhook.port.in;

import ai.tuco.domain.shared.WebhookId;
import java.util.List;
import java.util.Set;

/**
 * What a webhook worker does: claim due deliveries, then run each claim's {@code send} (the HTTP attempt, then its
 * outcome recorded under the claim's fence) on a thread of its choosing, at most so many per endpoint at once.
 */
public interface DeliverWebhooksUseCase {
    record Claim(WebhookId endpointId, Runnable send) {}

    /** @param busy endpoints this node already runs its bound of attempts for */
    List<Claim> claim(String owner, int limit, Set<WebhookId> busy);
}
