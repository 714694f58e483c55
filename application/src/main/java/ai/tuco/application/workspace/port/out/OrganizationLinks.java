package ai.tuco.application.workspace.port.out;

import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Workspace;
import java.util.Optional;

/** Keeps "one Clerk organisation, at most one workspace" where it can hold under concurrency: in the store. */
public interface OrganizationLinks {
    /** Inserts the workspace unless another one already stands for its organisation. @return false then */
    boolean insertUnlessOrganizationTaken(Workspace workspace);

    /** Sets the workspace's organisation, or clears it when empty. */
    LinkResult setOrganization(WorkspaceId workspaceId, Optional<String> organizationId);

    enum LinkResult { LINKED, NO_SUCH_WORKSPACE, ORGANIZATION_TAKEN }
}
