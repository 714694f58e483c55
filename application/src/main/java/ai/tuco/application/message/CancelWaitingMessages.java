package ai.tuco.application.message;

import ai.tuco.application.lead.port.out.WaitingMessages;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.domain.message.Transition;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Cancels a deleted lead's waiting messages for the lead capability, through {@code Message.cancel} and the one message
 * writer: the waiting messages are locked in one query, then every cancel is stored (row, event, queue row) in one
 * round trip. Runs in the caller's transaction.
 */
public final class CancelWaitingMessages implements WaitingMessages {
    private final MessageRepository messages;

    public CancelWaitingMessages(MessageRepository messages) {
        this.messages = messages;
    }

    @Override
    public int cancelForLeads(WorkspaceId workspaceId, Collection<LeadId> leads, String errorCode, String errorMessage,
            Instant at) {
        if (leads.isEmpty()) {
            return 0;
        }
        List<Transition> cancels = messages.findWaitingForUpdate(workspaceId, leads).stream()
                .map(m -> m.cancel(at, errorCode, errorMessage))
                .toList();
        if (!cancels.isEmpty()) {
            messages.recordTransitions(cancels);
        }
        return cancels.size();
    }
}
