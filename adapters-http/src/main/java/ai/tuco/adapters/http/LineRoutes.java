package ai.tuco.adapters.http;

import ai.tuco.application.port.in.ListLinesQuery;
import ai.tuco.application.port.in.ListLinesQuery.LineWithUsage;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.UserId;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/lines}: the lines a caller may send from. Provider credentials never appear here. */
public final class LineRoutes implements RouteGroup {
    private final ListLinesQuery lines;

    public LineRoutes(ListLinesQuery lines) {
        this.lines = lines;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/lines/by-user", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("success", true);
            body.put("lines", lines.byUser(ApiAuth.caller(ctx)).stream().map(LineRoutes::json).toList());
            Responses.json(ctx, 200, body);
        });
    }

    static Map<String, Object> json(LineWithUsage u) {
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
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", "unknown");
        health.put("lastCheckedAt", null);
        json.put("healthCheck", health);
        json.put("createdAt", JsonSupport.time(l.createdAt()));
        json.put("updatedAt", JsonSupport.time(l.updatedAt()));
        return json;
    }
}
