package ai.tuco.application.webhook;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.webhook.port.in.WebhookHealthCheckUseCase;
import ai.tuco.application.webhook.port.out.WebhookEndpointRepository;
import ai.tuco.application.webhook.port.out.WebhookSender;
import ai.tuco.domain.shared.DeliveryId;
import ai.tuco.domain.shared.WebhookId;
import ai.tuco.domain.webhook.WebhookEndpoint;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A signed test event sent now, outside any transaction and outside the outbox (nothing is recorded). */
public final class WebhookHealthCheckService implements WebhookHealthCheckUseCase {
    static final String TEST_EVENT = "webhook.test";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final WebhookEndpointRepository endpoints;
    private final WebhookSender sender;
    private final IdGenerator ids;
    private final WebhookSettings settings;
    private final Clock clock;

    public WebhookHealthCheckService(WebhookEndpointRepository endpoints, WebhookSender sender, IdGenerator ids,
            WebhookSettings settings, Clock clock) {
        this.endpoints = endpoints;
        this.sender = sender;
        this.ids = ids;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Result check(Caller caller, WebhookId id) {
        caller.requireAdmin();
        Instant now = clock.instant();
        WebhookEndpoint e = endpoints.find(caller.workspace().id(), id).orElseThrow(() -> UseCaseException.notFound("Webhook"));
        var secrets = endpoints.secrets(caller.workspace().id(), id, now).orElseThrow(() -> UseCaseException.notFound("Webhook"));
        DeliveryId deliveryId = new DeliveryId(ids.newId());
        // ids and times only: nothing here needs JSON escaping
        String body = "{\"event\":\"" + TEST_EVENT + "\",\"timestamp\":\"" + TIME.format(now) + "\",\"workspaceId\":\""
                + e.workspaceId().value() + "\",\"data\":{\"test\":true,\"webhookId\":\"" + e.id().value() + "\"}}";
        WebhookSender.Response r = sender.send(new WebhookSender.Request(e.url(), deliveryId, TEST_EVENT, body, now, secrets,
                settings.healthCheckTimeout()));
        return new Result(r.succeeded(), r.statusCode(), r.latencyMillis(), r.body(), r.error());
    }
}
