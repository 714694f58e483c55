package ai.tuco.application.webhook;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.application.webhook.port.in.ManageWebhooksUseCase;
import ai.tuco.application.webhook.port.in.WebhookInput;
import ai.tuco.application.webhook.port.out.WebhookEndpointRepository;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.WebhookId;
import ai.tuco.domain.webhook.WebhookEndpoint;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Admins' webhook endpoints: each write and its audit row in one transaction; the secret leaves only on creation/rotation. */
public final class ManageWebhooksService implements ManageWebhooksUseCase {
    private final WebhookEndpointRepository endpoints;
    private final IdGenerator ids;
    private final AuditLog audit;
    private final TransactionRunner tx;
    private final WebhookSettings settings;
    private final Clock clock;

    public ManageWebhooksService(WebhookEndpointRepository endpoints, IdGenerator ids, AuditLog audit, TransactionRunner tx,
            WebhookSettings settings, Clock clock) {
        this.endpoints = endpoints;
        this.ids = ids;
        this.audit = audit;
        this.tx = tx;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public WithSecret create(Caller caller, Actor actor, WebhookInput input) {
        caller.requireAdmin();
        caller.requireWritable();
        WebhookRules.Checked c = WebhookRules.check(input, true, settings.allowHttp());
        Instant now = now();
        WebhookEndpoint e = new WebhookEndpoint(new WebhookId(ids.newId()), caller.workspace().id(), c.url().orElseThrow(),
                c.name().orElseThrow(), c.description().flatMap(d -> d), c.events().orElseThrow(), true,
                Optional.empty(), Optional.empty(), now, now);
        String secret = WebhookRules.newSecret();
        tx.run(() -> {
            endpoints.insert(e, secret);
            audit(actor, "webhook.create", e, now);
        });
        return new WithSecret(e, secret);
    }

    @Override
    public List<WebhookEndpoint> list(Caller caller) {
        caller.requireAdmin();
        return endpoints.list(caller.workspace().id());
    }

    @Override
    public WebhookEndpoint get(Caller caller, WebhookId id) {
        caller.requireAdmin();
        return find(caller, id);
    }

    @Override
    public WebhookEndpoint update(Caller caller, Actor actor, WebhookId id, WebhookInput changes) {
        caller.requireAdmin();
        caller.requireWritable();
        WebhookRules.Checked c = WebhookRules.check(changes, false, settings.allowHttp());
        return tx.inTransaction(() -> {
            WebhookEndpoint current = find(caller, id);
            Instant now = now();
            boolean enabled = changes.enabled().orElse(current.enabled());
            boolean reEnabled = enabled && !current.enabled();
            WebhookEndpoint changed = new WebhookEndpoint(current.id(), current.workspaceId(),
                    c.url().orElse(current.url()), c.name().orElse(current.name()),
                    c.description().orElse(current.description()), c.events().orElse(current.events()), enabled,
                    enabled ? Optional.empty() : current.disabledAt().or(() -> Optional.of(now)),
                    enabled ? Optional.empty() : current.disabledReason().or(() -> Optional.of("disabled by an admin")),
                    current.createdAt(), now);
            endpoints.update(changed);
            audit(actor, reEnabled ? "webhook.enable" : "webhook.update", changed, now);
            return changed;
        });
    }

    @Override
    public void delete(Caller caller, Actor actor, WebhookId id) {
        caller.requireAdmin();
        caller.requireWritable();
        tx.run(() -> {
            WebhookEndpoint current = find(caller, id);
            endpoints.delete(caller.workspace().id(), id);
            audit(actor, "webhook.delete", current, now());
        });
    }

    @Override
    public WithSecret rotateSecret(Caller caller, Actor actor, WebhookId id) {
        caller.requireAdmin();
        caller.requireWritable();
        String secret = WebhookRules.newSecret();
        return tx.inTransaction(() -> {
            WebhookEndpoint current = find(caller, id);
            Instant now = now();
            endpoints.rotateSecret(caller.workspace().id(), id, secret, now.plus(settings.rotationOverlap()));
            audit(actor, "webhook.rotate_secret", current, now);
            return new WithSecret(current, secret);
        });
    }

    private WebhookEndpoint find(Caller caller, WebhookId id) {
        return endpoints.find(caller.workspace().id(), id).orElseThrow(() -> UseCaseException.notFound("Webhook"));
    }

    private void audit(Actor actor, String action, WebhookEndpoint e, Instant at) {
        audit.append(new AuditLog.Entry(Optional.of(e.workspaceId()), actor, action, "webhook", e.id().value(), at,
                Map.of("url", e.url(), "events", String.join(",", e.events()), "enabled", String.valueOf(e.enabled()))));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
