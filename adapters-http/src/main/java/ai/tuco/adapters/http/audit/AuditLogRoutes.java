package ai.tuco.adapters.http.audit;

import ai.tuco.adapters.http.RouteGroup;
import ai.tuco.adapters.http.shared.JsonSupport;
import ai.tuco.adapters.http.shared.Responses;
import ai.tuco.adapters.http.workspace.ApiAuth;
import ai.tuco.application.audit.port.in.AuditLogView;
import ai.tuco.application.audit.port.in.ListAuditLogsQuery;
import ai.tuco.application.shared.port.in.Caller;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** {@code GET /api/audit-logs} (admins): the workspace's audit rows, newest first, cursor-paged; read-only by design. */
public final class AuditLogRoutes implements RouteGroup {
    private final ListAuditLogsQuery auditLogs;

    public AuditLogRoutes(ListAuditLogsQuery auditLogs) {
        this.auditLogs = auditLogs;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/audit-logs", this::list);
    }

    private void list(Context ctx) {
        Caller caller = ApiAuth.caller(ctx);
        caller.requireAdmin(); // a member's 403 comes before any 400 about the parameters
        AuditLogParams params = AuditLogParams.parse(ctx::queryParam);
        var page = auditLogs.list(caller, params.filter(), params.limit(), params.cursor());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("auditLogs", page.auditLogs().stream().map(AuditLogRoutes::json).toList());
        body.put("nextCursor", page.next().map(AuditLogParams::encodeCursor).orElse(null));
        Responses.json(ctx, 200, body);
    }

    static Map<String, Object> json(AuditLogView v) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_id", Long.toString(v.id()));
        json.put("workspaceId", v.workspaceId().value());
        json.put("actorType", v.actorType());
        json.put("actorId", v.actorId());
        json.put("action", v.action());
        json.put("targetType", v.targetType().orElse(null));
        json.put("targetId", v.targetId().orElse(null));
        json.put("ip", v.ip().orElse(null));
        json.put("correlationId", v.correlationId().orElse(null));
        json.put("detail", new TreeMap<>(v.detail())); // sorted: the same row always reads the same
        json.put("at", JsonSupport.time(v.at()));
        return json;
    }
}
