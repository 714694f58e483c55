package ai.tuco.application.lead;

import ai.tuco.application.lead.port.out.WaitingMessages;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Records each cancelForLeads call and answers a set number of cancelled messages. */
final class RecordingWaitingMessages implements WaitingMessages {
    record Call(WorkspaceId workspaceId, List<LeadId> leads, String errorCode, String errorMessage, Instant at) {}

    final List<Call> calls = new ArrayList<>();
    int cancelledPerCall = 2;

    @Override
    public int cancelForLeads(WorkspaceId workspaceId, Collection<LeadId> leads, String errorCode, String errorMessage,
            Instant at) {
        calls.add(new Call(workspaceId, List.copyOf(leads), errorCode, errorMessage, at));
        return cancelledPerCall;
    }
}
