package ai.tuco.adapters.http.metrics;

import ai.tuco.adapters.http.RouteGroup;
import ai.tuco.adapters.http.shared.ApiError;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * {@code GET /metrics}: the Prometheus text exposition. Outside {@code /api} and its credentials; when a token is
 * configured ({@code TUCO_METRICS_TOKEN}) the scraper must present it as a bearer token, else 401 in the API's error shape.
 */
public final class MetricsRoutes implements RouteGroup {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final MicrometerMetrics metrics;
    private final Optional<byte[]> token;

    public MetricsRoutes(MicrometerMetrics metrics, Optional<String> token) {
        this.metrics = metrics;
        this.token = token.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/metrics", this::scrape);
    }

    private void scrape(Context ctx) {
        if (token.isPresent()) {
            String given = ctx.header("Authorization");
            // constant time: the comparison must not tell how much of a guess was right
            if (given == null || !MessageDigest.isEqual(token.get(), given.strip().getBytes(StandardCharsets.UTF_8))) {
                throw new ApiError(401, "UNAUTHORIZED", "GET /metrics needs the metrics token as a bearer token");
            }
        }
        ctx.status(200).contentType(CONTENT_TYPE).result(metrics.scrape());
    }
}
