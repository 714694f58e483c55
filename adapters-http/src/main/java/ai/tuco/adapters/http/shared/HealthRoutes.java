package ai.tuco.adapters.http.shared;

import ai.tuco.adapters.http.RouteGroup;
import ai.tuco.application.shared.port.in.CheckReadinessQuery;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /health/live} (the process answers) and {@code /health/ready} (the database answers too). */
public final class HealthRoutes implements RouteGroup {
    private final CheckReadinessQuery readiness;

    public HealthRoutes(CheckReadinessQuery readiness) {
        this.readiness = readiness;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/health/live", ctx -> Responses.json(ctx, 200, Map.of("status", "ok")));
        routes.get("/health/ready", ctx -> {
            var r = readiness.readiness();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", r.ready() ? "ok" : "unavailable");
            body.put("checks", r.checks());
            Responses.json(ctx, r.ready() ? 200 : 503, body);
        });
    }
}
