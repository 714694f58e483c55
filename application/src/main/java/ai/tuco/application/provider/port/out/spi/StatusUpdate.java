package ai.tuco.application.provider.port.out.spi;

import ai.tuco.domain.shared.MessageId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider later says about a message it sent for a line (from a callback, a poll or a reconciliation). It
 * names the message by our id when the provider echoes it, else by the provider's id (looked up within the line).
 */
public record StatusUpdate(Optional<MessageId> messageId, Optional<String> externalId, Kind kind,
        Optional<String> errorCode, Optional<String> errorMessage, Optional<Instant> occurredAt) {

    /** The provider's statuses we act on; anything else is not a status update. */
    public enum Kind { SENT, DELIVERED, READ, FAILED }

    public StatusUpdate {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(errorMessage, "errorMessage");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (messageId.isEmpty() && externalId.isEmpty()) {
            throw new IllegalArgumentException("a status update names our message id or the provider's id");
        }
    }

    public static StatusUpdate byExternalId(String externalId, Kind kind) {
        return new StatusUpdate(Optional.empty(), Optional.of(externalId), kind, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static StatusUpdate failed(Optional<MessageId> messageId, Optional<String> externalId, String code, String message) {
        return new StatusUpdate(messageId, externalId, Kind.FAILED, Optional.of(code), Optional.of(message), Optional.empty());
    }
}
