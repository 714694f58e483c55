package ai.tuco.application.dispatch.port.in;

import ai.tuco.domain.shared.MessageId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's later word on a message (sent, delivered, failed, read). Late, early or repeated events are never an
 * error: a forward move is taken, anything else is recorded as ignored.
 */
public interface RecordProviderEventUseCase {
    Result record(ProviderEvent event);

    /**
     * Several events in one transaction (a provider's batch of receipts), each as {@link #record} would take it; the
     * results in the same order. Callers order the events by message so that two batches lock in the same order.
     */
    default List<Result> recordAll(List<ProviderEvent> events) {
        return events.stream().map(this::record).toList();
    }

    enum Kind { SENT, DELIVERED, FAILED, READ }

    enum Result { APPLIED, IGNORED, UNKNOWN_MESSAGE }

    /** Names the message by our id (when the provider echoes it) or by the provider's id. */
    record ProviderEvent(Optional<MessageId> messageId, Optional<String> externalId, Kind kind,
            Optional<String> errorCode, Optional<String> errorMessage) {
        public ProviderEvent {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(externalId, "externalId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(errorCode, "errorCode");
            Objects.requireNonNull(errorMessage, "errorMessage");
            if (messageId.isEmpty() && externalId.isEmpty()) {
                throw new IllegalArgumentException("a provider event names the message or the provider's id");
            }
        }

        public static ProviderEvent of(MessageId id, Kind kind) {
            return new ProviderEvent(Optional.of(id), Optional.empty(), kind, Optional.empty(), Optional.empty());
        }
    }
}
