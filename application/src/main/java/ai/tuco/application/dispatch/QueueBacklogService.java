package ai.tuco.application.dispatch;

import ai.tuco.application.dispatch.port.in.QueueBacklogQuery;
import ai.tuco.application.dispatch.port.out.QueueBacklog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The queue gauges' source: one count query, reused for {@code maxAge} so that scrapes (every few seconds, by several
 * scrapers, four gauges each) cost the database at most one query per period.
 */
public final class QueueBacklogService implements QueueBacklogQuery {
    private final QueueBacklog queue;
    private final Clock clock;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private Backlog last;
    private long readAtNanos;

    /**
     * @param clock what "due" is measured against (the service's clock)
     * @param nanoTime a monotonic timer for the cache's age ({@code System::nanoTime}), so a stopped or stepped clock
     *     cannot keep an old answer
     */
    public QueueBacklogService(QueueBacklog queue, Clock clock, Duration maxAge, LongSupplier nanoTime) {
        this.queue = queue;
        this.clock = clock;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized Backlog backlog() {
        long nanos = nanoTime.getAsLong();
        if (last == null || nanos - readAtNanos >= maxAgeNanos) {
            Instant now = clock.instant();
            QueueBacklog.Counts c = queue.read(now);
            Duration age = c.oldestDue().map(due -> Duration.between(due, now)).filter(d -> !d.isNegative()).orElse(Duration.ZERO);
            last = new Backlog(c.due(), c.later(), c.leased(), age);
            readAtNanos = nanos;
        }
        return last;
    }
}
