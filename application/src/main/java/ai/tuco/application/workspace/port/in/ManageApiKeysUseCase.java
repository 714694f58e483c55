package ai.tuco.application.workspace.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.ApiKeyId;
import ai.tuco.domain.workspace.ApiKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Admins list, issue and revoke their workspace's API keys; secrets are shown only at creation. */
public interface ManageApiKeysUseCase {
    List<ApiKey> list(Caller caller);

    /**
     * @throws UseCaseException VALIDATION_ERROR with one detail per missing or invalid field (name, role, userId in
     *     that order), NOT_FOUND for a user the workspace does not have
     */
    CreateApiKeyUseCase.CreatedApiKey issue(Caller caller, Actor actor, IssueApiKeyRequest request);

    /** Revoked keys stop working at once. @throws UseCaseException NOT_FOUND for an unknown or foreign id */
    void revoke(Caller caller, Actor actor, ApiKeyId apiKeyId);

    /**
     * The fields of a request for a key, as sent: {@code name} (required, 1 to 200 characters once trimmed), {@code role}
     * ({@code admin} or {@code member}, required) and an optional user id to bind the key to.
     *
     * @param mistyped fields the adapter already found of the wrong type; reported as they are, not as missing
     */
    record IssueApiKeyRequest(Optional<String> name, Optional<String> role, Optional<String> userId,
            List<FieldError> mistyped) {
        public IssueApiKeyRequest {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(userId, "userId");
            mistyped = List.copyOf(mistyped);
        }

        public IssueApiKeyRequest(Optional<String> name, Optional<String> role, Optional<String> userId) {
            this(name, role, userId, List.of());
        }
    }
}
