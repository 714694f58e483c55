package ai.tuco.application.workspace.port.in;

import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Workspace;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Links a workspace to the Clerk organisation whose session tokens sign into it, or unlinks it. One organisation
 * stands for at most one workspace.
 */
public interface LinkOrganizationUseCase {
    /**
     * @return the workspace as it is now
     * @throws UseCaseException NOT_FOUND for an unknown workspace, CONFLICT when another workspace has the organisation
     */
    Workspace link(LinkOrganizationCommand command);

    /** @param organizationId empty to unlink */
    record LinkOrganizationCommand(WorkspaceId workspaceId, Optional<String> organizationId, Actor actor) {
        public LinkOrganizationCommand {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(organizationId, "organizationId");
            organizationId.ifPresent(LinkOrganizationUseCase::requireOrganizationId);
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** Clerk organisation ids look like {@code org_2aBc...}; a slug or a name here is a mistake worth refusing. */
    Pattern ORGANIZATION_ID = Pattern.compile("org_[A-Za-z0-9_-]{1,200}");

    static String requireOrganizationId(String id) {
        if (id == null || !ORGANIZATION_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Clerk organization id must look like org_..., got '" + id + "'");
        }
        return id;
    }
}
