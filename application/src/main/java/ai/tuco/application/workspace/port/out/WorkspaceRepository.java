package ai.tuco.application.workspace.port.out;

import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.util.Optional;

/** Stores workspaces (tenants). */
public interface WorkspaceRepository {
    void insert(Workspace workspace);

    Optional<Workspace> findById(WorkspaceId id);

    Optional<Workspace> findByExternalId(String externalId);

    /** @return false when no such workspace exists */
    boolean setStatus(WorkspaceId id, WorkspaceStatus status);

    boolean any();
}
