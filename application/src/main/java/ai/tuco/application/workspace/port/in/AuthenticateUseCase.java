package ai.tuco.application.workspace.port.in;

import ai.tuco.application.shared.port.in.Caller;
import java.util.Optional;

/** Turns a bearer credential into a caller. */
public interface AuthenticateUseCase {
    /** @return empty for an unknown or revoked key */
    Optional<Caller> byApiKey(String secret);

    /**
     * A verified Clerk session: the workspace is the one whose external id is the token's organisation; the user is
     * created on first sight. @return empty for an organisation no workspace stands for
     */
    Optional<Caller> byClerk(ClerkIdentity identity);

    /** What a verified Clerk token says: the user ({@code sub}), the organisation and whether the user administers it. */
    record ClerkIdentity(String userExternalId, String organizationId, boolean admin) {}
}
