package ai.tuco.application.provider.port.out;

import ai.tuco.domain.shared.MessageId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The sandbox provider's database: its ledger of sends and the provider events it will report later. */
public interface SandboxStore {
    /**
     * Appends to the ledger and, for each send whose {@code later} is present, the provider event to report once it
     * is due: one statement, in a transaction of its own (never the caller's, even on a thread inside one), committed
     * before returning.
     */
    void recordSends(List<Recorded> sends);

    /** {@link #recordSends} of one send: committed before returning. */
    default void recordSend(Send send, Optional<Later> later) {
        recordSends(List.of(new Recorded(send, later)));
    }

    /** {@link #recordSend(Send, Optional)} with nothing to report later. */
    default void recordSend(Send send) {
        recordSend(send, Optional.empty());
    }

    /** How many times the sandbox has been asked to send this message. */
    int sendCount(MessageId id);

    /** The sandbox's id of its latest accepted send of this message, if it accepted one. */
    Optional<String> acceptedExternalId(MessageId id);

    /** Due outcomes, each hidden from other nodes until {@code hideUntil} (so a crash only delays it). */
    List<Outcome> takeDue(Instant now, int limit, Instant hideUntil);

    /** Removes reported outcomes (one statement). */
    void done(List<Long> outcomeIds);

    record Send(MessageId messageId, String workspaceId, String lineId, String channel, String recipient, String body,
            boolean accepted, Optional<String> externalId, Optional<String> errorCode, Instant at) {}

    /** A send for the ledger, and the event it will report later, if any. */
    record Recorded(Send send, Optional<Later> later) {}

    /** A provider event about an accepted send ({@link Send#externalId}), reported once {@code dueAt} has passed. */
    record Later(String status, Optional<String> errorCode, Optional<String> errorMessage, Instant dueAt) {}

    record Outcome(long id, MessageId messageId, String externalId, String status, Optional<String> errorCode,
            Optional<String> errorMessage) {}
}
