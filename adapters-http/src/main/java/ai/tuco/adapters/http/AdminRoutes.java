package ai.tuco.adapters.http;

import ai.tuco.application.port.in.Caller;
import ai.tuco.application.port.in.DoNotContactUseCase;
import ai.tuco.application.port.in.LineInput;
import ai.tuco.application.port.in.ManageApiKeysUseCase;
import ai.tuco.application.port.in.ManageLinesUseCase;
import ai.tuco.domain.lead.DoNotContact;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.workspace.ApiKey;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lines (writes for admins), API keys (admins) and the do-not-contact list. */
public final class AdminRoutes implements RouteGroup {
    private static final List<String> LINE_NUMBERS = List.of(
            "pacingSeconds", "dailyNewConversationsLimit", "dailyTotalMessagesLimit", "hourlyNewConversationsLimit");

    private final ManageLinesUseCase lines;
    private final ManageApiKeysUseCase apiKeys;
    private final DoNotContactUseCase dnc;

    public AdminRoutes(ManageLinesUseCase lines, ManageApiKeysUseCase apiKeys, DoNotContactUseCase dnc) {
        this.lines = lines;
        this.apiKeys = apiKeys;
        this.dnc = dnc;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/lines", ctx -> {
            Caller caller = ApiAuth.caller(ctx);
            LineInput input = lineInput(ctx);
            Responses.json(ctx, 201, Responses.ok("line", LineRoutes.json(lines.create(caller, actorOf(ctx, caller), input))));
        });
        routes.get("/api/lines/{id}", ctx -> Responses.json(ctx, 200,
                Responses.ok("line", LineRoutes.json(lines.get(ApiAuth.caller(ctx), ctx.pathParam("id"))))));
        routes.patch("/api/lines/{id}", ctx -> {
            Caller caller = ApiAuth.caller(ctx);
            LineInput input = lineInput(ctx);
            Responses.json(ctx, 200, Responses.ok("line", LineRoutes.json(lines.update(caller, actorOf(ctx, caller), ctx.pathParam("id"), input))));
        });

        routes.post("/api/api-keys", ctx -> {
            Caller caller = ApiAuth.caller(ctx);
            JsonBody body = JsonBody.read(ctx);
            Optional<String> name = body.string("name");
            Optional<String> role = body.string("role");
            Optional<String> userId = body.string("userId");
            body.requireWellTyped();
            var created = apiKeys.issue(caller, actorOf(ctx, caller), name, role, userId);
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("success", true);
            response.put("apiKey", apiKey(created.apiKey()));
            response.put("key", created.secret());
            Responses.json(ctx, 201, response);
        });
        routes.get("/api/api-keys", ctx -> Responses.json(ctx, 200,
                Responses.ok("apiKeys", apiKeys.list(ApiAuth.caller(ctx)).stream().map(AdminRoutes::apiKey).toList())));
        routes.delete("/api/api-keys/{id}", ctx -> {
            Caller caller = ApiAuth.caller(ctx);
            apiKeys.revoke(caller, actorOf(ctx, caller), ctx.pathParam("id"));
            Responses.json(ctx, 200, Map.of("success", true));
        });

        routes.get("/api/dnc", ctx -> {
            var page = dnc.list(ApiAuth.caller(ctx), Optional.ofNullable(ctx.queryParam("search")),
                    Optional.ofNullable(ctx.queryParam("page")), Optional.ofNullable(ctx.queryParam("limit")));
            Responses.json(ctx, 200, Responses.page("entries", page.entries().stream().map(AdminRoutes::dncEntry).toList(),
                    page.page(), page.limit(), page.totalCount(), page.totalPages()));
        });
        routes.post("/api/dnc", ctx -> {
            Caller caller = ApiAuth.caller(ctx);
            JsonBody body = JsonBody.read(ctx);
            Optional<String> phone = body.string("phone");
            Optional<String> email = body.string("email");
            Optional<String> reason = body.string("reason");
            body.requireWellTyped();
            var added = dnc.add(caller, actorOf(ctx, caller), phone, email, reason);
            Map<String, Object> answer = Responses.ok("entry", dncEntry(added.entry()));
            answer.put("alreadyListed", !added.created());
            Responses.json(ctx, added.created() ? 201 : 200, answer);
        });
        routes.delete("/api/dnc", ctx -> {
            Caller caller = ApiAuth.caller(ctx);
            String id = ctx.queryParam("id");
            if (id == null || id.isEmpty()) {
                throw ApiError.validation("id", "id query parameter is required");
            }
            dnc.remove(caller, actorOf(ctx, caller), id);
            Responses.json(ctx, 200, Map.of("success", true));
        });
    }

    private static ai.tuco.domain.shared.Actor actorOf(Context ctx, Caller caller) {
        return caller.actor(ctx.ip(), HttpServer.correlationId(ctx));
    }

    private static LineInput lineInput(Context ctx) {
        JsonBody b = JsonBody.read(ctx);
        Map<String, Long> numbers = new HashMap<>();
        for (String field : LINE_NUMBERS) {
            b.integer(field).ifPresent(v -> numbers.put(field, v));
        }
        LineInput input = new LineInput(b.string("name"), b.string("phone"), b.string("email"), b.string("firstName"),
                b.string("lastName"), b.bool("isActive"), b.stringArray("channels"), b.string("provider"),
                b.scalarObject("providerConfig"), b.string("ownerUserId"), numbers);
        b.requireWellTyped();
        return input;
    }

    static Map<String, Object> apiKey(ApiKey k) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_id", k.id().value());
        json.put("name", k.name());
        json.put("role", k.role().wireName());
        json.put("userId", k.userId().map(UserId::value).orElse(null));
        json.put("prefix", k.prefix());
        json.put("createdAt", JsonSupport.time(k.createdAt()));
        json.put("lastUsedAt", k.lastUsedAt().map(JsonSupport::time).orElse(null));
        return json;
    }

    static Map<String, Object> dncEntry(DoNotContact e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_id", e.id());
        json.put("phone", e.phone().map(E164Phone::value).orElse(null));
        json.put("email", e.email().map(EmailAddress::value).orElse(null));
        json.put("reason", e.reason());
        json.put("source", e.source());
        json.put("createdAt", JsonSupport.time(e.createdAt()));
        return json;
    }
}
