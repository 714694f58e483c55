package ai.tuco.application.workspace.port.in;

import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.ApiKey;
import ai.tuco.domain.workspace.Role;
import java.util.Objects;
import java.util.Optional;

/** Issues an API key; its secret is returned once and only its hash is kept. */
public interface CreateApiKeyUseCase {
    int MAX_NAME = 200;

    CreatedApiKey create(CreateApiKeyCommand command);

    /** @param name 1 to {@value #MAX_NAME} characters once trimmed */
    record CreateApiKeyCommand(WorkspaceId workspaceId, String name, Role role, Optional<UserId> userId, Actor actor) {
        public CreateApiKeyCommand {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(actor, "actor");
            name = name == null ? "" : name.strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            if (name.length() > MAX_NAME) {
                throw new IllegalArgumentException("name must be at most " + MAX_NAME + " characters");
            }
        }
    }

    /** @param secret the key itself ({@code tuco_sk_...}), shown this once */
    record CreatedApiKey(ApiKey apiKey, String secret) {}
}
