package ai.tuco.application.lead.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.LeadId;
import java.util.List;

/** Deletes leads; their messages still waiting end {@code cancelled} with {@code LEAD_DELETED}. */
public interface DeleteLeadsUseCase {
    int MAX_IDS = 1_000;

    /** Ids of other workspaces and unknown ids are skipped; @return how many leads were deleted */
    int delete(Caller caller, Actor actor, List<LeadId> leadIds);
}
