package ai.tuco.application.workspace.port.in;

import ai.tuco.application.shared.port.in.Caller;
import java.util.Objects;
import java.util.Optional;

/** Turns a bearer credential into a caller. */
public interface AuthenticateUseCase {
    /** @return empty for an unknown or revoked key */
    Optional<Caller> byApiKey(String secret);

    /**
     * A verified Clerk session: the workspace is the one linked to the token's organisation (or, with auto-provisioning
     * on, one created for it); the user is created on first sight. @return empty for an organisation no workspace
     * stands for
     */
    Optional<Caller> byClerk(ClerkIdentity identity);

    /**
     * What a verified Clerk token says: the user ({@code sub}), the organisation, its slug when the token carries one,
     * and whether the user administers it.
     */
    record ClerkIdentity(String userExternalId, String organizationId, Optional<String> organizationSlug, boolean admin) {
        public ClerkIdentity {
            Objects.requireNonNull(organizationSlug, "organizationSlug");
        }
    }
}
