package ai.tuco.application.provider.port.out;

import ai.tuco.domain.shared.MessageId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The sandbox provider's database: its ledger of sends and the provider events it will report later. */
public interface SandboxStore {
    /** Appends to the ledger and commits before returning (its own transaction). */
    void recordSend(Send send);

    /** How many times the sandbox has been asked to send this message. */
    int sendCount(MessageId id);

    /** The sandbox's id of its latest accepted send of this message, if it accepted one. */
    Optional<String> acceptedExternalId(MessageId id);

    /** A provider event to report once {@code dueAt} has passed. */
    void scheduleOutcome(MessageId id, String externalId, String status, Optional<String> errorCode,
            Optional<String> errorMessage, Instant dueAt);

    /** Due outcomes, each hidden from other nodes until {@code hideUntil} (so a crash only delays it). */
    List<Outcome> takeDue(Instant now, int limit, Instant hideUntil);

    /** Removes reported outcomes (one statement). */
    void done(List<Long> outcomeIds);

    record Send(MessageId messageId, String workspaceId, String lineId, String channel, String recipient, String body,
            boolean accepted, Optional<String> externalId, Optional<String> errorCode, Instant at) {}

    record Outcome(long id, MessageId messageId, String externalId, String status, Optional<String> errorCode,
            Optional<String> errorMessage) {}
}
