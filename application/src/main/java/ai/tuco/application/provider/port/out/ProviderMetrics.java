package ai.tuco.application.provider.port.out;

import ai.tuco.domain.line.Provider;
import java.time.Duration;

/** Times every provider call and counts how it ended, per provider (the metrics adapter exports it). */
public interface ProviderMetrics {
    /** Counts nothing: for callers that do not export metrics. */
    ProviderMetrics NONE = (provider, operation, outcome, took) -> {};

    void called(Provider provider, Operation operation, Outcome outcome, Duration took);

    /** What the provider was asked. */
    enum Operation {
        SEND, IMESSAGE_AVAILABILITY,
        /** {@code checkHealth} */
        HEALTH_CHECK,
        /** {@code lineConfigured} or {@code lineRemoved} */
        LINE_CONFIGURED,
        /** decoding an inbound callback */
        CALLBACK,
        /** an {@code EventPoller} run */
        POLL;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How the call ended: answered (accepted, or an availability answer), refused the message, timed out, threw. */
    enum Outcome {
        OK, REJECTED, TIMEOUT, ERROR;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
