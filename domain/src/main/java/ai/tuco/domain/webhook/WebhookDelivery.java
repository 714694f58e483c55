package ai.tuco.domain.webhook;

import ai.tuco.domain.shared.DeliveryId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WebhookId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One event for one endpoint: its status, how many attempts it took, and (in the delivery log) those attempts. */
public record WebhookDelivery(
        DeliveryId id,
        WebhookId webhookId,
        MessageId messageId,
        int seq,
        String event,
        Status status,
        int attempts,
        Optional<Integer> lastStatusCode,
        Optional<Instant> lastAttemptAt,
        Optional<Instant> nextAttemptAt,
        Instant createdAt,
        List<Attempt> attemptLog) {

    public enum Status {
        PENDING, SUCCEEDED, FAILED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One try: when, the receiver's status (none when it could not be reached), how long, what it said. */
    public record Attempt(Instant at, Optional<Integer> statusCode, long latencyMillis, Optional<String> responseBody,
            Optional<String> error, Optional<Instant> nextAttemptAt) {}

    public WebhookDelivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        attemptLog = List.copyOf(attemptLog);
    }
}
