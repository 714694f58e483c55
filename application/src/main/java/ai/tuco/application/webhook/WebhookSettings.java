package ai.tuco.application.webhook;

import java.time.Duration;
import java.util.List;

/**
 * How webhooks are delivered: attempt timeouts, the lease (longer than an attempt), the in-flight bound per endpoint,
 * the retry delays after each failed attempt, how long a failure streak runs before the endpoint is disabled, how
 * long a rotated-out secret keeps signing, and whether plain-HTTP URLs are allowed (development only).
 */
public record WebhookSettings(Duration attemptTimeout, Duration healthCheckTimeout, Duration lease, int perEndpoint,
        List<Duration> retryDelays, Duration disableAfter, Duration rotationOverlap, boolean allowHttp) {

    /** Svix's schedule after the first try: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
    public static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));

    public WebhookSettings {
        retryDelays = List.copyOf(retryDelays);
        if (lease.compareTo(attemptTimeout) <= 0) {
            throw new IllegalArgumentException("the lease must outlast an attempt");
        }
        if (perEndpoint < 1) {
            throw new IllegalArgumentException("perEndpoint must be at least 1");
        }
    }

    public static WebhookSettings defaults(boolean allowHttp) {
        return new WebhookSettings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(60), 4,
                RETRY_DELAYS, Duration.ofDays(5), Duration.ofHours(24), allowHttp);
    }
}
