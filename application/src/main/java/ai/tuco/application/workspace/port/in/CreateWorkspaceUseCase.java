package ai.tuco.application.workspace.port.in;

import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.WorkspaceId;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** Creates a workspace together with its first admin API key. */
public interface CreateWorkspaceUseCase {
    /** @throws UseCaseException CONFLICT when another workspace is linked to the command's organisation */
    CreatedWorkspace create(CreateWorkspaceCommand command);

    /** @param externalId the Clerk organisation id, when the workspace stands for one */
    record CreateWorkspaceCommand(String name, String defaultCountry, Optional<String> externalId, Actor actor) {
        private static final Pattern REGION = Pattern.compile("[A-Z]{2}");

        public CreateWorkspaceCommand {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            if (defaultCountry == null || !REGION.matcher(defaultCountry).matches()) {
                throw new IllegalArgumentException("default country must be an ISO 3166 two-letter code such as US");
            }
            Objects.requireNonNull(externalId, "externalId");
            externalId.ifPresent(LinkOrganizationUseCase::requireOrganizationId);
            Objects.requireNonNull(actor, "actor");
        }
    }

    /**
     * @param apiKey the admin key's secret, shown this once
     * @param organizationId the Clerk organisation the workspace is linked to, if any
     */
    record CreatedWorkspace(WorkspaceId workspaceId, String apiKey, Optional<String> organizationId) {
        public CreatedWorkspace(WorkspaceId workspaceId, String apiKey) {
            this(workspaceId, apiKey, Optional.empty());
        }
    }
}
