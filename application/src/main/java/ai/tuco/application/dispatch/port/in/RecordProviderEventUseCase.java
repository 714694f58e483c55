package ai.tuco.application.dispatch.port.in;

import ai.tuco.domain.shared.LineId;
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

    /**
     * Events a provider sent for one of {@code line}'s messages (a callback or a poll of that line), in one transaction:
     * a message named by our id counts only if it is the line's; one named by the provider's id is looked up within the
     * line, and when none is found yet (the provider answered faster than our record of the send) the event is kept and
     * applied when the send is recorded ({@link Result#KEPT}). Default: as {@link #recordAll}, unscoped.
     */
    default List<Result> recordForLine(LineId line, List<ProviderEvent> events) {
        return recordAll(events);
    }

    /** {@code KEPT}: no message of the line has that provider id yet; the event waits for the send's record (1 hour). */
    enum Result { APPLIED, IGNORED, UNKNOWN_MESSAGE, KEPT }

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
