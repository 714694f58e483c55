package ai.tuco.application.message.port.out;

import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Optional;

/** The Idempotency-Key each message was accepted under, kept with the message in its own transaction. */
public interface AcceptedKeys {
    /** The message accepted under {@code key} in the last 24 hours (the Idempotency-Key retention). */
    Optional<MessageId> find(WorkspaceId workspaceId, String key);

    /** Records (or, for a key older than the retention, replaces) the message accepted under {@code key}. */

    void remember(WorkspaceId workspaceId, String key, MessageId messageId, Instant at);
}
