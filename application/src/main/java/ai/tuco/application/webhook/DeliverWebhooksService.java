package ai.tuco.application.webhook;

import ai.tuco.application.webhook.port.in.DeliverWebhooksUseCase;
import ai.tuco.application.webhook.port.out.WebhookMetrics;
import ai.tuco.application.webhook.port.out.WebhookQueue;
import ai.tuco.application.webhook.port.out.WebhookQueue.Claimed;
import ai.tuco.application.webhook.port.out.WebhookQueue.EndpointEffect;
import ai.tuco.application.webhook.port.out.WebhookQueue.Outcome;
import ai.tuco.application.webhook.port.out.WebhookSender;
import ai.tuco.domain.shared.WebhookId;
import ai.tuco.domain.webhook.WebhookDelivery.Attempt;
import ai.tuco.domain.webhook.WebhookDelivery.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * The webhook worker's use case: claim (one short transaction), then per claim the HTTP attempt outside any
 * transaction, then its outcome recorded under the claim's fence. 2xx succeeds; 410 fails the delivery and disables the
 * endpoint at once; anything else (another status, a timeout, a refused or blocked connection) is retried on the
 * schedule, unless the endpoint has failed every attempt for {@link WebhookSettings#disableAfter()}, which disables it.
 */
public final class DeliverWebhooksService implements DeliverWebhooksUseCase {
    private static final System.Logger LOG = System.getLogger(DeliverWebhooksService.class.getName());

    private final WebhookQueue queue;
    private final WebhookSender sender;
    private final WebhookMetrics metrics;
    private final WebhookSettings settings;
    private final RetrySchedule schedule;
    private final Clock clock;

    public DeliverWebhooksService(WebhookQueue queue, WebhookSender sender, WebhookMetrics metrics, WebhookSettings settings,
            Clock clock, DoubleSupplier random) {
        this.queue = queue;
        this.sender = sender;
        this.metrics = metrics;
        this.settings = settings;
        this.schedule = new RetrySchedule(settings.retryDelays(), random);
        this.clock = clock;
    }

    @Override
    public List<Claim> claim(String owner, int limit, Set<WebhookId> busy) {
        Instant now = clock.instant();
        return queue.claim(owner, now, now.plus(settings.lease()), limit, settings.perEndpoint(), busy).stream()
                .map(c -> new Claim(c.endpointId(), () -> deliver(c)))
                .toList();
    }

    void deliver(Claimed c) {
        Instant at = clock.instant();
        WebhookSender.Response r = sender.send(new WebhookSender.Request(c.url(), c.id(), c.event(), c.body(), at,
                c.secrets(), settings.attemptTimeout()));
        Outcome outcome = decide(c, r, at);
        if (!queue.record(c, outcome)) {
            LOG.log(System.Logger.Level.WARNING, "delivery {0}: the claim was lost before its outcome was recorded", c.id());
            return;
        }
        metrics.attempt(outcome.effect() == EndpointEffect.DISABLE ? "disabled"
                : switch (outcome.status()) {
                    case SUCCEEDED -> "succeeded";
                    case PENDING -> "retrying";
                    case FAILED -> "failed";
                });
    }

    Outcome decide(Claimed c, WebhookSender.Response r, Instant at) {
        Optional<Integer> code = r.statusCode();
        int attemptsMade = c.attempts() + 1;
        if (r.succeeded()) {
            return new Outcome(attempt(r, at, Optional.empty()), Status.SUCCEEDED, Optional.empty(), EndpointEffect.HEALTHY,
                    Optional.empty());
        }
        if (code.isPresent() && code.get() == 410) {
            return new Outcome(attempt(r, at, Optional.empty()), Status.FAILED, Optional.empty(), EndpointEffect.DISABLE,
                    Optional.of("the receiver answered 410 Gone"));
        }
        Instant failingSince = c.failingSince().orElse(at);
        if (Duration.between(failingSince, at).compareTo(settings.disableAfter()) >= 0) {
            return new Outcome(attempt(r, at, Optional.empty()), Status.FAILED, Optional.empty(), EndpointEffect.DISABLE,
                    Optional.of("every attempt failed for " + settings.disableAfter().toDays() + " days (since "
                            + failingSince + ")"));
        }
        boolean honoursRetryAfter = code.isPresent() && (code.get() == 429 || code.get() == 503);
        Optional<Instant> next = schedule.next(at, attemptsMade, honoursRetryAfter ? r.retryAfter() : Optional.empty());
        return new Outcome(attempt(r, at, next), next.isPresent() ? Status.PENDING : Status.FAILED, next,
                EndpointEffect.FAILING, Optional.empty());
    }

    private static Attempt attempt(WebhookSender.Response r, Instant at, Optional<Instant> next) {
        return new Attempt(at, r.statusCode(), r.latencyMillis(),
                r.body().isEmpty() ? Optional.empty() : Optional.of(r.body()), r.error(), next);
    }
}
