package ai.tuco.application.provider.port.out.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What became of a send, as the provider answered it (or did not). */
public sealed interface SendOutcome {

    /** The provider took the message; {@code externalId} is its id (the message's {@code externalMessageId}). */
    record Accepted(String externalId) implements SendOutcome {
        public Accepted {
            Objects.requireNonNull(externalId, "externalId");
        }
    }

    /**
     * The provider refused the message, with its own code and text (text never holds a secret). {@code retryable}:
     * it may take it later (429, 5xx, a connect failure before the request went out), after {@code retryAfter} when
     * the provider said. {@code recipientOptedOut}: the provider refuses because the recipient opted out (e.g. Twilio
     * 21610): the address goes on the workspace's do-not-contact list.
     */
    record Rejected(String code, String message, boolean retryable, Optional<Duration> retryAfter,
            boolean recipientOptedOut) implements SendOutcome {
        public Rejected {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        public static Rejected permanent(String code, String message) {
            return new Rejected(code, message, false, Optional.empty(), false);
        }

        public static Rejected retryable(String code, String message, Optional<Duration> retryAfter) {
            return new Rejected(code, message, true, retryAfter, false);
        }

        public static Rejected optedOut(String code, String message) {
            return new Rejected(code, message, false, Optional.empty(), true);
        }
    }

    /**
     * The provider refused the line's credentials (HTTP 401/403, SMTP 535): the line is marked unhealthy and the
     * message stays queued until the line is healthy again; it is not the message's fault.
     */
    record CredentialsRejected(String code, String message) implements SendOutcome {
        public CredentialsRejected {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The request went out and no usable answer came (timeout after sending, cut connection, garbage body). */
    record Unknown(String reason) implements SendOutcome {
        public Unknown {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
