package ai.tuco.adapters.http.webhook;

import ai.tuco.adapters.http.RouteGroup;
import ai.tuco.adapters.http.shared.Ids;
import ai.tuco.adapters.http.shared.JsonBody;
import ai.tuco.adapters.http.shared.JsonSupport;
import ai.tuco.adapters.http.shared.Paging;
import ai.tuco.adapters.http.shared.Responses;
import ai.tuco.adapters.http.workspace.ApiAuth;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.webhook.port.in.ManageWebhooksUseCase;
import ai.tuco.application.webhook.port.in.WebhookDeliveriesQuery;
import ai.tuco.application.webhook.port.in.WebhookHealthCheckUseCase;
import ai.tuco.application.webhook.port.in.WebhookInput;
import ai.tuco.domain.shared.DeliveryId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WebhookId;
import ai.tuco.domain.webhook.WebhookDelivery;
import ai.tuco.domain.webhook.WebhookEndpoint;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/webhooks} (admins): subscriptions, secret rotation, health check, the delivery log and manual replay;
 * and {@code GET /api/messages/{id}/deliveries} (members too). The secret appears only in the answers to creation
 * and rotation.
 */
public final class WebhookRoutes implements RouteGroup {
    private final ManageWebhooksUseCase manage;
    private final WebhookHealthCheckUseCase health;
    private final WebhookDeliveriesQuery deliveries;

    public WebhookRoutes(ManageWebhooksUseCase manage, WebhookHealthCheckUseCase health, WebhookDeliveriesQuery deliveries) {
        this.manage = manage;
        this.health = health;
        this.deliveries = deliveries;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/webhooks", ctx -> {
            Caller caller = writer(ctx);
            var created = manage.create(caller, ApiAuth.actor(ctx), input(ctx));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("success", true);
            body.putAll(json(created.endpoint()));
            body.put("secret", created.secret());
            body.put("webhook", json(created.endpoint()));
            Responses.json(ctx, 201, body);
        });
        routes.get("/api/webhooks", ctx -> Responses.json(ctx, 200,
                Responses.ok("webhooks", manage.list(ApiAuth.caller(ctx)).stream().map(WebhookRoutes::json).toList())));
        routes.get("/api/webhooks/{id}", ctx -> {
            Caller caller = admin(ctx);
            Responses.json(ctx, 200, Responses.ok("webhook", json(manage.get(caller, webhookId(ctx)))));
        });
        routes.patch("/api/webhooks/{id}", ctx -> {
            Caller caller = writer(ctx);
            WebhookInput changes = input(ctx);
            Responses.json(ctx, 200, Responses.ok("webhook",
                    json(manage.update(caller, ApiAuth.actor(ctx), webhookId(ctx), changes))));
        });
        routes.delete("/api/webhooks/{id}", ctx -> {
            Caller caller = writer(ctx);
            manage.delete(caller, ApiAuth.actor(ctx), webhookId(ctx));
            Responses.json(ctx, 200, Map.of("success", true));
        });
        routes.post("/api/webhooks/{id}/rotate-secret", ctx -> {
            Caller caller = writer(ctx);
            var rotated = manage.rotateSecret(caller, ApiAuth.actor(ctx), webhookId(ctx));
            Map<String, Object> body = Responses.ok("webhook", json(rotated.endpoint()));
            body.put("secret", rotated.secret());
            Responses.json(ctx, 200, body);
        });
        routes.post("/api/webhooks/{id}/health-check", ctx -> {
            Caller caller = admin(ctx);
            var r = health.check(caller, webhookId(ctx));
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("ok", r.ok());
            check.put("statusCode", r.statusCode().orElse(null));
            check.put("latencyMs", r.latencyMillis());
            check.put("responseBody", r.responseBody());
            check.put("error", r.error().orElse(null));
            Responses.json(ctx, 200, Responses.ok("healthCheck", check));
        });
        routes.get("/api/webhooks/{id}/deliveries", ctx -> {
            Caller caller = admin(ctx);
            var page = Paging.pageRequest(ctx);
            var p = deliveries.log(caller, webhookId(ctx), page);
            long pages = (p.total() + page.limit() - 1) / page.limit();
            Responses.json(ctx, 200, Responses.page("deliveries", p.deliveries().stream().map(WebhookRoutes::logEntry).toList(),
                    page.page(), page.limit(), p.total(), pages));
        });
        routes.post("/api/webhooks/{id}/deliveries/{deliveryId}/retry", ctx -> {
            Caller caller = writer(ctx);
            WebhookId id = webhookId(ctx);
            DeliveryId deliveryId = Ids.parse(ctx.pathParam("deliveryId"), DeliveryId::new, "Delivery");
            Responses.json(ctx, 200, Responses.ok("delivery",
                    delivery(deliveries.retry(caller, ApiAuth.actor(ctx), id, deliveryId))));
        });
        routes.get("/api/messages/{id}/deliveries", ctx -> {
            Caller caller = ApiAuth.caller(ctx);
            MessageId id = Ids.parse(ctx.pathParam("id"), MessageId::new, "Message");
            Responses.json(ctx, 200, Responses.ok("deliveries",
                    deliveries.forMessage(caller, id).stream().map(WebhookRoutes::delivery).toList()));
        });
    }

    /** 403 before 402 before the body's 400 before the id's 404 (the contract's order). */
    private static Caller writer(Context ctx) {
        Caller caller = admin(ctx);
        caller.requireWritable();
        return caller;
    }

    private static Caller admin(Context ctx) {
        Caller caller = ApiAuth.caller(ctx);
        caller.requireAdmin();
        return caller;
    }

    private static WebhookId webhookId(Context ctx) {
        return Ids.parse(ctx.pathParam("id"), WebhookId::new, "Webhook");
    }

    private static WebhookInput input(Context ctx) {
        JsonBody b = JsonBody.read(ctx);
        WebhookInput input = new WebhookInput(b.string("url"), b.stringArray("events"), b.string("name"),
                b.string("description"), b.bool("enabled"));
        b.requireWellTyped();
        return input;
    }

    static Map<String, Object> json(WebhookEndpoint e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_id", e.id().value());
        json.put("id", e.id().value());
        json.put("workspaceId", e.workspaceId().value());
        json.put("url", e.url());
        json.put("name", e.name());
        json.put("description", e.description().orElse(null));
        json.put("events", e.events());
        json.put("enabled", e.enabled());
        json.put("disabledAt", e.disabledAt().map(JsonSupport::time).orElse(null));
        json.put("disabledReason", e.disabledReason().orElse(null));
        json.put("createdAt", JsonSupport.time(e.createdAt()));
        json.put("updatedAt", JsonSupport.time(e.updatedAt()));
        return json;
    }

    /** The shape the dashboard reads: keep it. */
    static Map<String, Object> delivery(WebhookDelivery d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_id", d.id().value());
        json.put("webhookId", d.webhookId().value());
        json.put("event", d.event());
        json.put("status", d.status().wireName());
        json.put("attempts", d.attempts());
        json.put("lastStatusCode", d.lastStatusCode().orElse(null));
        json.put("lastAttemptAt", d.lastAttemptAt().map(JsonSupport::time).orElse(null));
        json.put("nextAttemptAt", d.nextAttemptAt().map(JsonSupport::time).orElse(null));
        json.put("createdAt", JsonSupport.time(d.createdAt()));
        return json;
    }

    private static Map<String, Object> logEntry(WebhookDelivery d) {
        Map<String, Object> json = delivery(d);
        json.put("messageId", d.messageId().value());
        json.put("seq", d.seq());
        json.put("attemptLog", d.attemptLog().stream().map(a -> {
            Map<String, Object> attempt = new LinkedHashMap<>();
            attempt.put("at", time(a.at()));
            attempt.put("statusCode", a.statusCode().orElse(null));
            attempt.put("latencyMs", a.latencyMillis());
            attempt.put("responseBody", a.responseBody().orElse(null));
            attempt.put("error", a.error().orElse(null));
            attempt.put("nextAttemptAt", a.nextAttemptAt().map(JsonSupport::time).orElse(null));
            return attempt;
        }).toList());
        return json;
    }

    private static String time(Instant t) {
        return JsonSupport.time(t);
    }
}
