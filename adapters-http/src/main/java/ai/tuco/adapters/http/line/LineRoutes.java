package ai.tuco.adapters.http.line;

import ai.tuco.adapters.http.RouteGroup;
import ai.tuco.adapters.http.shared.Ids;
import ai.tuco.adapters.http.shared.JsonBody;
import ai.tuco.adapters.http.shared.JsonSupport;
import ai.tuco.adapters.http.shared.Responses;
import ai.tuco.adapters.http.workspace.ApiAuth;
import ai.tuco.application.line.port.in.CheckLineHealthUseCase;
import ai.tuco.application.line.port.in.CreateLineUseCase.CreateLineCommand;
import ai.tuco.application.line.port.in.CreateLineUseCase;
import ai.tuco.application.line.port.in.LineInput;
import ai.tuco.application.line.port.in.ListLinesQuery.LineWithUsage;
import ai.tuco.application.line.port.in.ListLinesQuery;
import ai.tuco.application.line.port.in.LineStatusQuery;
import ai.tuco.application.line.port.in.LineStatusQuery.LineStatus;
import ai.tuco.application.line.port.in.ManageLinesUseCase;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.LineHealth;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.UserId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/lines}: the lines a caller may send from; admins create and change them. Credentials never appear here. */
public final class LineRoutes implements RouteGroup {
    private static final List<String> NUMBERS = List.of(
            "pacingSeconds", "dailyNewConversationsLimit", "dailyTotalMessagesLimit", "hourlyNewConversationsLimit");

    private final ListLinesQuery lines;
    private final CreateLineUseCase create;
    private final ManageLinesUseCase manage;
    private final LineStatusQuery statuses;
    private final CheckLineHealthUseCase health;

    public LineRoutes(ListLinesQuery lines, CreateLineUseCase create, ManageLinesUseCase manage, LineStatusQuery statuses,
            CheckLineHealthUseCase health) {
        this.lines = lines;
        this.create = create;
        this.manage = manage;
        this.statuses = statuses;
        this.health = health;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/lines/by-user", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("success", true);
            body.put("lines", json(lines.byUser(ApiAuth.caller(ctx))));
            Responses.json(ctx, 200, body);
        });
        routes.post("/api/lines", ctx -> {
            CreateLineCommand command = new CreateLineCommand(input(ctx));
            Responses.json(ctx, 201, Responses.ok("line", json(create.create(ApiAuth.caller(ctx), ApiAuth.actor(ctx), command))));
        });
        routes.get("/api/lines/{id}", ctx -> Responses.json(ctx, 200,
                Responses.ok("line", json(manage.get(ApiAuth.caller(ctx), Ids.parse(ctx.pathParam("id"), LineId::new, "Line"))))));
        routes.patch("/api/lines/{id}", ctx -> {
            LineInput input = input(ctx); // a malformed body is a 400 even on a malformed id
            Caller caller = ApiAuth.caller(ctx);
            caller.requireAdmin(); // 403 and 402 come before the 404 of a malformed id, as for a well-formed one
            caller.requireWritable();
            LineId id = Ids.parse(ctx.pathParam("id"), LineId::new, "Line");
            Responses.json(ctx, 200, Responses.ok("line", json(manage.update(caller, ApiAuth.actor(ctx), id, input))));
        });
        routes.post("/api/lines/{id}/health-check", ctx -> {
            Caller caller = ApiAuth.caller(ctx);
            caller.requireAdmin(); // 403 before the 404 of a malformed id, as for a well-formed one
            LineId id = Ids.parse(ctx.pathParam("id"), LineId::new, "Line");
            Responses.json(ctx, 200, Responses.ok("healthCheck", healthJson(health.checkNow(caller, id))));
        });
    }

    private Map<String, Object> json(LineWithUsage u) {
        return json(List.of(u)).get(0);
    }

    private List<Map<String, Object>> json(List<LineWithUsage> list) {
        Map<LineId, LineStatus> status = statuses.statuses(list.stream().map(LineWithUsage::line).toList());
        return list.stream().map(u -> json(u, status.get(u.line().id()))).toList();
    }

    private static LineInput input(Context ctx) {
        JsonBody b = JsonBody.read(ctx);
        Map<String, Long> numbers = new HashMap<>();
        for (String field : NUMBERS) {
            b.integer(field).ifPresent(v -> numbers.put(field, v));
        }
        LineInput input = new LineInput(b.string("name"), b.string("phone"), b.string("email"), b.string("firstName"),
                b.string("lastName"), b.bool("isActive"), b.stringArray("channels"), b.string("provider"),
                b.scalarObject("providerConfig"), b.string("ownerUserId"), numbers);
        b.requireWellTyped();
        return input;
    }

    static Map<String, Object> json(LineWithUsage u, LineStatus status) {
        Line l = u.line();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_id", l.id().value());
        json.put("workspaceId", l.workspaceId().value());
        json.put("name", l.name());
        json.put("phone", l.phone().map(E164Phone::value).orElse(null));
        json.put("email", l.email().map(EmailAddress::value).orElse(null));
        json.put("firstName", l.firstName());
        json.put("lastName", l.lastName());
        json.put("isActive", l.active());
        json.put("provisioningStatus", "active");
        json.put("lineType", "byon");
        json.put("channels", l.channels().stream().map(Channel::wireName).sorted().toList());
        json.put("provider", l.provider().wireName());
        json.put("ownerUserId", l.ownerUserId().map(UserId::value).orElse(null));
        json.put("pacingSeconds", l.pacingSeconds());
        json.put("dailyNewConversationsLimit", l.caps().dailyNewConversations());
        json.put("dailyTotalMessagesLimit", l.caps().dailyTotalMessages());
        json.put("hourlyNewConversationsLimit", l.caps().hourlyNewConversations());
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("date", u.date().toString());
        usage.put("newConversationsCount", u.newConversationsCount());
        usage.put("totalMessagesCount", u.totalMessagesCount());
        json.put("usage", usage);
        json.put("healthCheck", healthJson(status.health()));
        json.put("inboundUrl", status.inboundUrl());
        json.put("createdAt", JsonSupport.time(l.createdAt()));
        json.put("updatedAt", JsonSupport.time(l.updatedAt()));
        return json;
    }

    /** {@code {status, lastCheckedAt, reason?}}: {@code reason} only when the check gave one. */
    static Map<String, Object> healthJson(LineHealth h) {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", h.status().wireName());
        health.put("lastCheckedAt", h.checkedAt().map(JsonSupport::time).orElse(null));
        h.reason().ifPresent(r -> health.put("reason", r));
        return health;
    }
}
