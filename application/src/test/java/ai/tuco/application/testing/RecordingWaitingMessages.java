package ai.tuco.application.testing;

import ai.tuco.application.lead.port.out.WaitingMessages;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Records each cancelForLeads call and answers a set number of cancelled messages (always 2). */
public final class RecordingWaitingMessages implements WaitingMessages {
    public record Call(WorkspaceId workspaceId, List<LeadId> leads, String errorCode, String errorMessage, Instant at) {}

    private final List<Call> calls = new ArrayList<>();
    private static final int CANCELLED_PER_CALL = 2;

    @Override
    public int cancelForLeads(WorkspaceId workspaceId, Collection<LeadId> leads, String errorCode, String errorMessage,
            Instant at) {
        calls.add(new Call(workspaceId, List.copyOf(leads), errorCode, errorMessage, at));
        return CANCELLED_PER_CALL;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }
}
