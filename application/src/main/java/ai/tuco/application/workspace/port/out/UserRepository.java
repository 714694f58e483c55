package ai.tuco.application.workspace.port.out;

import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Role;
import java.time.Instant;

/** Users known by their identity provider's id (Clerk {@code sub}), one row per workspace. */
public interface UserRepository {
    /**
     * The user with this external id in the workspace, created with {@code newId} and {@code role} if missing, its
     * role brought up to date otherwise.
     */
    boolean exists(WorkspaceId workspaceId, UserId id);

    UserId upsert(WorkspaceId workspaceId, String externalId, Role role, String newId, Instant at);
}
