package ai.tuco.application.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: the n-th delay of the schedule with ±10 % jitter (so a recovered receiver is
 * not hit by every retry at once), never sooner than the receiver's {@code Retry-After}; none after the last delay.
 */
final class RetrySchedule {
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    private final List<Duration> delays;
    private final DoubleSupplier random;

    RetrySchedule(List<Duration> delays, DoubleSupplier random) {
        this.delays = List.copyOf(delays);
        this.random = random;
    }

    /** @param attemptsMade attempts including the one that just failed (1 after the first try) */
    Optional<Instant> next(Instant now, int attemptsMade, Optional<Duration> retryAfter) {
        if (attemptsMade > delays.size()) {
            return Optional.empty();
        }
        Duration base = delays.get(attemptsMade - 1);
        long jittered = Math.round(base.toMillis() * (0.9 + 0.2 * random.getAsDouble()));
        Duration wait = Duration.ofMillis(jittered);
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get().compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter.get();
            if (asked.compareTo(wait) > 0) {
                wait = asked;
            }
        }
        return Optional.of(now.plus(wait));
    }

    int maxAttempts() {
        return delays.size() + 1;
    }
}
