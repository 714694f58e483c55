package ai.tuco.application.lead.port.out;

import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Collection;

/** Bulk changes to messages that have not been claimed for sending yet. */
public interface WaitingMessages {
    /**
     * Cancels every scheduled or queued message of these leads with the given reason, appending each one's event
     * and removing its queue row; a message already claimed is left to its dispatcher.
     *
     * @return how many messages were cancelled
     */
    int cancelForLeads(WorkspaceId workspaceId, Collection<LeadId> leads, String errorCode, String errorMessage, Instant at);
}
