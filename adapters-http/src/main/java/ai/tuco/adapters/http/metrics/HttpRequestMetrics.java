package ai.tuco.adapters.http.metrics;

import ai.tuco.adapters.http.RequestObserver;
import io.javalin.http.Context;

/**
 * Times every request by method, route template (Javalin's matched path, such as {@code /api/messages/{id}}) and
 * status. The raw path never becomes a label: a request no route matched is {@value RequestObserver#UNMATCHED}, so
 * unknown ids and unknown paths add no series.
 */
public final class HttpRequestMetrics implements RequestObserver {
    private final MicrometerMetrics metrics;

    public HttpRequestMetrics(MicrometerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void answered(Context ctx, String route, float millis) {
        metrics.request(ctx.method().name(), route, ctx.status().getCode(), (long) (millis * 1_000_000L));
    }
}
