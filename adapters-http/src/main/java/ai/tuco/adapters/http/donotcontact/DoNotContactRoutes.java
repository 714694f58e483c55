package ai.tuco.adapters.http.donotcontact;

import ai.tuco.adapters.http.RouteGroup;
import ai.tuco.adapters.http.shared.ApiError;
import ai.tuco.adapters.http.shared.Ids;
import ai.tuco.adapters.http.shared.JsonBody;
import ai.tuco.adapters.http.shared.JsonSupport;
import ai.tuco.adapters.http.shared.Paging;
import ai.tuco.adapters.http.shared.Responses;
import ai.tuco.adapters.http.workspace.ApiAuth;
import ai.tuco.application.donotcontact.port.in.DoNotContactUseCase;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.lead.DoNotContact;
import ai.tuco.domain.shared.DoNotContactId;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code /api/dnc}: the workspace's do-not-contact list. */
public final class DoNotContactRoutes implements RouteGroup {
    private final DoNotContactUseCase dnc;

    public DoNotContactRoutes(DoNotContactUseCase dnc) {
        this.dnc = dnc;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/dnc", ctx -> {
            var page = dnc.list(ApiAuth.caller(ctx), Optional.ofNullable(ctx.queryParam("search")).map(String::strip)
                    .filter(s -> !s.isEmpty()), Paging.pageRequest(ctx));
            Responses.json(ctx, 200, Responses.page("entries", page.entries().stream().map(DoNotContactRoutes::json).toList(),
                    page.page(), page.limit(), page.totalCount(), page.totalPages()));
        });
        routes.post("/api/dnc", ctx -> {
            JsonBody body = JsonBody.read(ctx);
            Optional<String> phone = body.string("phone");
            Optional<String> email = body.string("email");
            Optional<String> reason = body.string("reason");
            body.requireWellTyped();
            var added = dnc.add(ApiAuth.caller(ctx), ApiAuth.actor(ctx), phone, email, reason);
            Map<String, Object> answer = Responses.ok("entry", json(added.entry()));
            answer.put("alreadyListed", !added.created());
            Responses.json(ctx, added.created() ? 201 : 200, answer);
        });
        routes.delete("/api/dnc", ctx -> {
            Caller caller = ApiAuth.caller(ctx);
            String id = ctx.queryParam("id");
            if (id == null || id.isEmpty()) {
                throw ApiError.validation("id", "id query parameter is required");
            }
            // a read-only workspace hears READ_ONLY before NOT_FOUND, malformed id or not
            caller.requireWritable();
            dnc.remove(caller, ApiAuth.actor(ctx), Ids.parse(id, DoNotContactId::new, "Do-not-contact entry"));
            Responses.json(ctx, 200, Map.of("success", true));
        });
    }

    /** A malformed id names no entry: the same 404 as an unknown one. */

    static Map<String, Object> json(DoNotContact e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_id", e.id().value());
        json.put("phone", e.phone().map(E164Phone::value).orElse(null));
        json.put("email", e.email().map(EmailAddress::value).orElse(null));
        json.put("reason", e.reason());
        json.put("source", e.source());
        json.put("createdAt", JsonSupport.time(e.createdAt()));
        return json;
    }
}
