package ai.tuco.application.workspace.port.in;

import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.WorkspaceStatus;

/** Puts a workspace in or out of read-only mode (for example when billing is past due). */
public interface SetWorkspaceStatusUseCase {
    /** @return false when there is no such workspace */
    boolean setStatus(WorkspaceId workspaceId, WorkspaceStatus status, Actor actor);
}
