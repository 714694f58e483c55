package ai.tuco.application.idempotency.port.out;

/** Counts requests answered from a stored response (the metrics adapter exports it). */
public interface IdempotencyMetrics {
    /** Counts nothing: for callers that do not export metrics. */
    IdempotencyMetrics NONE = () -> {};

    /** A repeated request got the first answer back instead of running again. */
    void replayed();
}
