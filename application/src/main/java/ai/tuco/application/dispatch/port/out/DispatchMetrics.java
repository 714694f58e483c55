package ai.tuco.application.dispatch.port.out;

/** Counts what dispatch decides without a message changing (the metrics adapter exports it). */
public interface DispatchMetrics {
    /** Counts nothing: for callers that do not export metrics. */
    DispatchMetrics NONE = reason -> {};

    /**
     * A claim found its line's gate closed ({@link LineGate.Reservation.Closed}) and left the message queued; counted
     * after the claim commits.
     *
     * @param reason the gate's reason, one of a fixed few (pacing, a daily or hourly cap)
     */
    void deferred(String reason);
}
