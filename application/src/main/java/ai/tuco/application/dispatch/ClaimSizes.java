package ai.tuco.application.dispatch;

import ai.tuco.application.dispatch.port.out.DispatchQueue;
import ai.tuco.domain.shared.LineId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

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
    /** A line this node has not sent on for this long is forgotten (timed again from one), so the sizes a claim binds
     * stay those of the lines in use. */
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);
    private static final long FORGET_AFTER_NANOS = FORGET_AFTER.toNanos();

    private final Duration span;
    private final int max;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<LineId, Timed> lines = new ConcurrentHashMap<>();

    /** A line's mean send time and when it last sent ({@link System#nanoTime()} values). */
    private record Timed(double meanNanos, long lastSent) {}

    public ClaimSizes(Duration span, int max) {
        this(span, max, System::nanoTime);
    }

    /** @param nanoTime a monotonic clock in nanoseconds ({@link System#nanoTime()}) */
    public ClaimSizes(Duration span, int max, LongSupplier nanoTime) {
        if (span.isNegative() || max < 1) {
            throw new IllegalArgumentException("the span must not be negative and max must be at least 1");
        }
        this.span = span;
        this.max = max;
        this.nanoTime = nanoTime;
    }

    /** One send of {@code line} took {@code took} (provider call and outcome recorded). */
    public void sent(LineId line, Duration took) {
        if (span.isZero()) {
            return;
        }
        double nanos = Math.max(0, took.toNanos());
        long now = nanoTime.getAsLong();
        lines.merge(line, new Timed(nanos, now),
                (old, latest) -> new Timed(old.meanNanos() + WEIGHT * (nanos - old.meanNanos()), now));
    }

    /** The most messages one claim takes from {@code line}. */
    public int of(LineId line) {
        if (span.isZero()) {
            return max;
        }
        Timed timed = lines.get(line);
        return timed == null ? 1 : size(timed, nanoTime.getAsLong());
    }

    /** One for a line idle for {@link #FORGET_AFTER}, as for a line never timed. */
    private int size(Timed timed, long now) {
        if (now - timed.lastSent() > FORGET_AFTER_NANOS) {
            return 1;
        }
        double fits = span.toNanos() / Math.max(timed.meanNanos(), 1.0);
        return (int) Math.max(1, Math.min(max, Math.floor(fits)));
    }

    /**
     * The sizes for a claim: every line that gives more than one (the others, and lines not timed yet, give one).
     * Lines idle for {@link #FORGET_AFTER} are forgotten here.
     */
    public DispatchQueue.PerLine perLine() {
        if (span.isZero()) {
            return DispatchQueue.PerLine.all(max);
        }
        long now = nanoTime.getAsLong();
        Map<LineId, Integer> sizes = new HashMap<>();
        lines.forEach((line, timed) -> {
            if (now - timed.lastSent() > FORGET_AFTER_NANOS) {
                lines.remove(line, timed);
            } else {
                int size = size(timed, now);
                if (size > 1) {
                    sizes.put(line, size);
                }
            }
        });
        return new DispatchQueue.PerLine(sizes, 1);
    }
}
