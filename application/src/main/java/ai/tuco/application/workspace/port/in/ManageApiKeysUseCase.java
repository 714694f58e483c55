package ai.tuco.application.workspace.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.workspace.ApiKey;
import java.util.List;
import java.util.Optional;

/** Admins list, issue and revoke their workspace's API keys; secrets are shown only at creation. */
public interface ManageApiKeysUseCase {
    List<ApiKey> list(Caller caller);

    /** @param role raw "admin" or "member"; @param userId raw optional user id to bind the key to */
    CreateApiKeyUseCase.CreatedApiKey issue(Caller caller, Actor actor, Optional<String> name, Optional<String> role,
            Optional<String> userId);

    /** Revoked keys stop working at once. @throws UseCaseException NOT_FOUND for an unknown or foreign id */
    void revoke(Caller caller, Actor actor, String apiKeyId);
}
