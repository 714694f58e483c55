package ai.tuco.application.port.out;

import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.util.Optional;

/** Stores leads (the people a workspace writes to). */
public interface LeadRepository {
    void insert(Lead lead);

    Optional<Lead> findById(WorkspaceId workspaceId, LeadId id);
}
