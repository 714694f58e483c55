package ai.tuco.application.message.port.out;

import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.shared.Channel;
import java.time.Duration;

/** Counts messages created and the status changes operators watch (the metrics adapter exports them). */
public interface MessageMetrics {
    /** Counts nothing: for callers that do not export metrics. */
    MessageMetrics NONE = new MessageMetrics() {
        @Override
        public void accepted(Channel channel) {}

        @Override
        public void finished(MessageStatus status, Channel channel) {}
    };

    /** A message was created (through the API, or as an SMS fallback) and committed. */
    void accepted(Channel channel);

    /**
     * A group-committed transaction wrote {@code messages} accepted messages (ADR 22), and its commit returned
     * {@code untilCommitted} after its messages' statement started: no request of the batch is answered before then.
     */
    default void acceptBatch(int messages, Duration untilCommitted) {}

    /** A message moved into {@code status} (sent, delivered, failed, fallback or cancelled) and it was committed. */
    void finished(MessageStatus status, Channel channel);
}
