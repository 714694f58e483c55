package ai.tuco.application.webhook.port.out;

import ai.tuco.domain.shared.DeliveryId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Posts one signed webhook attempt (both signature families, no redirects followed) and reports what came back. */
public interface WebhookSender {
    /** @param timestamp the attempt's signing time (each attempt is re-signed) */
    record Request(String url, DeliveryId deliveryId, String event, String body, Instant timestamp, SigningSecrets secrets,
            Duration timeout) {
        public Request {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * @param statusCode empty when no answer came (refused, timed out, blocked address)
     * @param body the first 1 KiB of the answer
     * @param error why there was no answer
     */
    record Response(Optional<Integer> statusCode, long latencyMillis, String body, Optional<Duration> retryAfter,
            Optional<String> error) {
        public boolean succeeded() {
            return statusCode.map(s -> s >= 200 && s < 300).orElse(false);
        }
    }

    /** Never throws for a receiver's failure: that is a {@link Response} without a status code. */
    Response send(Request request);
}
