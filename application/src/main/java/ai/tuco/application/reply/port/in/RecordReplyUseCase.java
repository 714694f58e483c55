package ai.tuco.application.reply.port.in;

import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.reply.Reply;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.WorkspaceId;
import java.util.Objects;

/**
 * Records a reply that came in on a line, in one transaction: stored once per (line, provider id) — a repeat is no
 * second reply, it answers the stored one; its lead found by any of its phones or emails in the line's workspace, or
 * created as a raw recipient would be (source {@code reply}); its parent the latest message that line sent to the
 * sender's address ({@code sentAt} set), counted on the parent with a {@code replied} event; the lead's
 * {@code lastReplyAt}; an audit row; an opt-out keyword lists the sender's address (only that address) on the
 * workspace's do-not-contact list (source {@code reply}), an opt-in keyword lifts an entry of source {@code reply} or
 * {@code provider} (never one an admin added); and the reply event for webhooks ({@code message.reply}).
 */
public interface RecordReplyUseCase {
    /**
     * @throws UseCaseException NOT_FOUND for a line that is not the workspace's; INVALID naming {@code externalId} or
     *                          {@code fromAddress} when the provider's report cannot be a reply (nothing is written)
     */
    Recorded record(RecordReplyCommand command);

    /** @param actor who reports it, for the audit row (a provider's callback or poll, the sandbox route's admin) */
    record RecordReplyCommand(WorkspaceId workspaceId, LineId lineId, IncomingReply reply, Actor actor) {
        public RecordReplyCommand {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(lineId, "lineId");
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** The stored reply, and whether this call stored it (false: the provider reported it before). */
    record Recorded(Reply reply, boolean created) {}
}
