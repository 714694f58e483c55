package ai.tuco.application.dispatch.port.out;

import java.time.Instant;
import java.util.Optional;

/** How many rows the dispatch queue holds, read in one cheap query (for the queue gauges). */
public interface QueueBacklog {
    Counts read(Instant now);

    /**
     * @param due unleased rows due at {@code now} (waiting for a dispatcher or for their line's gate)
     * @param later unleased rows due after {@code now} (scheduled, or backing off after a retryable error)
     * @param leased rows a dispatcher holds (being sent)
     * @param oldestDue the earliest due time among the {@code due} rows
     */
    record Counts(long due, long later, long leased, Optional<Instant> oldestDue) {}
}
