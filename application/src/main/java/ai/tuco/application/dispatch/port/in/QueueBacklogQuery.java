package ai.tuco.application.dispatch.port.in;

import java.time.Duration;

/** The dispatch queue's size for monitoring: read at most once per a few seconds however often it is asked. */
public interface QueueBacklogQuery {
    Backlog backlog();

    /**
     * @param due messages due now and not being sent
     * @param later messages waiting for a later time (scheduled, retry backoff)
     * @param leased messages being sent
     * @param oldestDueAge how long the oldest due message has waited past its due time (zero when none is due)
     */
    record Backlog(long due, long later, long leased, Duration oldestDueAge) {}
}
