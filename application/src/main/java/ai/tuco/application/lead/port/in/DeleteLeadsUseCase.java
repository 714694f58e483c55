package ai.tuco.application.lead.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.shared.Actor;
import java.util.List;

/** Deletes leads; their messages still waiting end {@code cancelled} with {@code LEAD_DELETED}. */
public interface DeleteLeadsUseCase {
    /** Ids of other workspaces, unknown or malformed ids are skipped; @return how many leads were deleted */
    int delete(Caller caller, Actor actor, List<String> leadIds);
}
