package ai.tuco.adapters.http.workspace;

import ai.tuco.adapters.http.RouteGroup;
import ai.tuco.adapters.http.shared.Ids;
import ai.tuco.adapters.http.shared.JsonBody;
import ai.tuco.adapters.http.shared.JsonSupport;
import ai.tuco.adapters.http.shared.Responses;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.workspace.port.in.ManageApiKeysUseCase.IssueApiKeyRequest;
import ai.tuco.application.workspace.port.in.ManageApiKeysUseCase;
import ai.tuco.domain.shared.ApiKeyId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.workspace.ApiKey;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code /api/api-keys} (admins): issue, list and revoke keys; the secret appears only in the 201. */
public final class ApiKeyRoutes implements RouteGroup {
    private final ManageApiKeysUseCase apiKeys;

    public ApiKeyRoutes(ManageApiKeysUseCase apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/api-keys", ctx -> {
            JsonBody body = JsonBody.read(ctx);
            Optional<String> name = body.string("name");
            Optional<String> role = body.string("role");
            Optional<String> userId = body.string("userId");
            var created = apiKeys.issue(ApiAuth.caller(ctx), ApiAuth.actor(ctx),
                    new IssueApiKeyRequest(name, role, userId, body.errors()));
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("success", true);
            response.put("apiKey", json(created.apiKey()));
            response.put("key", created.secret());
            Responses.json(ctx, 201, response);
        });
        routes.get("/api/api-keys", ctx -> Responses.json(ctx, 200,
                Responses.ok("apiKeys", apiKeys.list(ApiAuth.caller(ctx)).stream().map(ApiKeyRoutes::json).toList())));
        routes.delete("/api/api-keys/{id}", ctx -> {
            Caller caller = ApiAuth.caller(ctx);
            caller.requireAdmin(); // 403 and 402 come before the 404 of a malformed id, as for a well-formed one
            caller.requireWritable();
            apiKeys.revoke(caller, ApiAuth.actor(ctx), Ids.parse(ctx.pathParam("id"), ApiKeyId::new, "API key"));
            Responses.json(ctx, 200, Map.of("success", true));
        });
    }

    static Map<String, Object> json(ApiKey k) {
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
}
