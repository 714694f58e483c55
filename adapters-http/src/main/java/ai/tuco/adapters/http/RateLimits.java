package ai.tuco.adapters.http;

import ai.tuco.adapters.http.shared.ApiError;
import ai.tuco.adapters.http.workspace.ApiAuth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per workspace (bucket4j), refilled smoothly to {@code perMinute} tokens a minute. Limits are per
 * node: with N nodes behind a load balancer a workspace gets up to N times the limit. Every {@code /api} answer
 * carries {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset}; a refused one is 429
 * {@code RATE_LIMITED} with {@code Retry-After}.
 */
public final class RateLimits implements RouteGroup {
    private final long perMinute;
    private final Runnable onRefused;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimits(long perMinute) {
        this(perMinute, () -> {});
    }

    /** @param onRefused told of every 429 (metrics) */
    public RateLimits(long perMinute, Runnable onRefused) {
        this.perMinute = perMinute;
        this.onRefused = onRefused;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.before("/api/*", this::before);
    }

    private Bucket bucket(String workspaceId) {
        return buckets.computeIfAbsent(workspaceId, id -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build());
    }

    /**
     * Takes up to {@code wanted} more tokens for a request that counts as several (a bulk accept counts each item; the
     * request itself took one already). @return how many were granted
     */
    public long takeMore(Context ctx, long wanted) {
        if (wanted <= 0) {
            return 0;
        }
        Bucket bucket = bucket(ApiAuth.caller(ctx).workspace().id().value());
        long granted = bucket.tryConsumeAsMuchAsPossible(wanted);
        ctx.header("RateLimit-Remaining", Long.toString(bucket.getAvailableTokens()));
        if (granted < wanted) {
            onRefused.run();
        }
        return granted;
    }

    private void before(Context ctx) {
        Bucket bucket = bucket(ApiAuth.caller(ctx).workspace().id().value());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        long remaining = probe.getRemainingTokens();
        double secondsPerToken = 60.0 / perMinute;
        long resetSeconds = (long) Math.ceil((perMinute - remaining) * secondsPerToken);
        ctx.header("RateLimit-Limit", Long.toString(perMinute));
        ctx.header("RateLimit-Remaining", Long.toString(remaining));
        ctx.header("RateLimit-Reset", Long.toString(resetSeconds));
        if (!probe.isConsumed()) {
            long retryAfter = Math.max(1, (long) Math.ceil(probe.getNanosToWaitForRefill() / 1e9));
            ctx.header("Retry-After", Long.toString(retryAfter));
            onRefused.run();
            throw new ApiError(429, "RATE_LIMITED", "Rate limit of " + perMinute + " requests a minute reached; retry after "
                    + retryAfter + " s");
        }
    }
}
