package ai.tuco.application.dispatch;

import ai.tuco.application.dispatch.port.out.DispatchQueue;
import ai.tuco.domain.shared.LineId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How many messages one claim takes from each line (ADR 32): about {@code span} worth of the line's recent sends, at
 * least one and at most {@code max}; a line this node has not timed yet gives one. A line's messages in a claim go
 * out one after the other and show {@code sending} until their turn, so a line whose provider answers in 300 ms gets
 * a few per claim, and one that answers in a few milliseconds gets {@code max}: its claims (and their statements) are
 * shared by many messages.
 *
 * <p>A send's time is its whole turn on the line: the provider call and the recording of its outcome. The estimate is an
 * exponentially weighted mean (weight {@value #WEIGHT} for the newest), so one slow call moves it only part of the way.
 * With a zero span every line gives {@code max} (the fixed size before ADR 32).
 */
public final class ClaimSizes {
    static final double WEIGHT = 0.2;

    private final Duration span;
    private final int max;
    private final ConcurrentMap<LineId, Double> nanosPerSend = new ConcurrentHashMap<>();

    public ClaimSizes(Duration span, int max) {
        if (span.isNegative() || max < 1) {
            throw new IllegalArgumentException("the span must not be negative and max must be at least 1");
        }
        this.span = span;
        this.max = max;
    }

    /** One send of {@code line} took {@code took} (provider call and outcome recorded). */
    public void sent(LineId line, Duration took) {
        if (span.isZero()) {
            return;
        }
        double nanos = Math.max(0, took.toNanos());
        nanosPerSend.merge(line, nanos, (mean, latest) -> mean + WEIGHT * (latest - mean));
    }

    /** The most messages one claim takes from {@code line}. */
    public int of(LineId line) {
        if (span.isZero()) {
            return max;
        }
        Double mean = nanosPerSend.get(line);
        if (mean == null) {
            return 1;
        }
        double fits = span.toNanos() / Math.max(mean, 1.0);
        return (int) Math.max(1, Math.min(max, Math.floor(fits)));
    }

    /** Every timed line's size, for a claim; the lines not timed yet give one. */
    public DispatchQueue.PerLine perLine() {
        if (span.isZero()) {
            return DispatchQueue.PerLine.all(max);
        }
        Map<LineId, Integer> sizes = new HashMap<>();
        nanosPerSend.keySet().forEach(line -> sizes.put(line, of(line)));
        return new DispatchQueue.PerLine(sizes, 1);
    }
}
