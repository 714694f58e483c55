package ai.tuco.application.dispatch;

import java.time.Duration;

/**
 * Tuning of the dispatch engine. The provider timeout is shorter than the lease, and the lease is renewed well before
 * it runs out, so a claim whose node is alive never expires under a slow provider.
 *
 * @param batchSize messages one dispatcher claims at a time
 * @param perLine most messages of one line in one batch (lines with pacing give one)
 * @param claimSpan about how long a line's share of one batch takes to send, from its recent sends (ADR 32); a line not
 *     timed yet gives one message. {@link Duration#ZERO}: every line gives {@code perLine}
 * @param pollInterval longest a dispatcher sleeps without a wake-up
 * @param sweepEvery how often expired leases are looked for
 * @param backoffBase first retry delay; doubled per attempt, with jitter, up to {@code backoffMax}
 * @param maxSendAttempts provider calls before a retryable error becomes {@code failed}
 * @param sandboxDeliveryDelay the sandbox reports "delivered" this long after "sent"
 * @param sandboxSlowDelay how long the sandbox's slow recipient takes (longer than the lease)
 */
public record DispatchSettings(
        int batchSize,
        int perLine,
        Duration claimSpan,
        Duration lease,
        Duration renewEvery,
        Duration providerTimeout,
        Duration pollInterval,
        Duration sweepEvery,
        Duration backoffBase,
        Duration backoffMax,
        int maxSendAttempts,
        Duration sandboxDeliveryDelay,
        Duration sandboxSlowDelay) {

    public DispatchSettings {
        if (batchSize < 1 || perLine < 1 || maxSendAttempts < 1) {
            throw new IllegalArgumentException("batchSize, perLine and maxSendAttempts must be at least 1");
        }
        if (claimSpan.isNegative()) {
            throw new IllegalArgumentException("claimSpan must not be negative");
        }
        if (providerTimeout.compareTo(lease) >= 0 || renewEvery.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("the provider timeout and the renewal interval must be shorter than the lease");
        }
    }

    public static DispatchSettings defaults(int maxSendAttempts) {
        return new DispatchSettings(50, 50, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofSeconds(30),
                Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMinutes(15),
                maxSendAttempts, Duration.ofSeconds(1), Duration.ofSeconds(75));
    }

    /** Every line gives at most {@code perLine} to a batch of {@code batchSize}, whatever its speed. */
    public DispatchSettings withBatch(int batchSize, int perLine) {
        return withBatch(batchSize, perLine, Duration.ZERO);
    }

    public DispatchSettings withBatch(int batchSize, int perLine, Duration claimSpan) {
        return new DispatchSettings(batchSize, perLine, claimSpan, lease, renewEvery, providerTimeout, pollInterval, sweepEvery,
                backoffBase, backoffMax, maxSendAttempts, sandboxDeliveryDelay, sandboxSlowDelay);
    }

    public DispatchSettings withLease(Duration lease, Duration renewEvery, Duration providerTimeout) {
        return new DispatchSettings(batchSize, perLine, claimSpan, lease, renewEvery, providerTimeout, pollInterval, sweepEvery,
                backoffBase, backoffMax, maxSendAttempts, sandboxDeliveryDelay, sandboxSlowDelay);
    }

    public DispatchSettings withBackoff(Duration base, Duration max, int attempts) {
        return new DispatchSettings(batchSize, perLine, claimSpan, lease, renewEvery, providerTimeout, pollInterval, sweepEvery,
                base, max, attempts, sandboxDeliveryDelay, sandboxSlowDelay);
    }

    public DispatchSettings withPolling(Duration poll, Duration sweep) {
        return new DispatchSettings(batchSize, perLine, claimSpan, lease, renewEvery, providerTimeout, poll, sweep,
                backoffBase, backoffMax, maxSendAttempts, sandboxDeliveryDelay, sandboxSlowDelay);
    }

    public DispatchSettings withSandbox(Duration delivery, Duration slow) {
        return new DispatchSettings(batchSize, perLine, claimSpan, lease, renewEvery, providerTimeout, pollInterval, sweepEvery,
                backoffBase, backoffMax, maxSendAttempts, delivery, slow);
    }
}
