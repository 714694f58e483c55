package ai.tuco.adapters.http.workspace;

import java.util.Objects;
import java.util.Optional;

/**
 * The identity carried by a verified Clerk session token; the organisation is empty when the user has no
 * active organisation in the session (the caller then answers 401 for an unknown organisation). The slug
 * ({@code o.slg} in v2, {@code org_slug} in v1) names a workspace provisioned for the organisation.
 */
public record ClerkClaims(String userId, Optional<String> organizationId, Optional<String> organizationRole,
        Optional<String> organizationSlug) {

    public ClerkClaims {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(organizationRole, "organizationRole");
        Objects.requireNonNull(organizationSlug, "organizationSlug");
    }

    public ClerkClaims(String userId, Optional<String> organizationId, Optional<String> organizationRole) {
        this(userId, organizationId, organizationRole, Optional.empty());
    }

    /** True for Clerk's admin role in either claim version ({@code admin} in v2, {@code org:admin} in v1). */
    public boolean isOrganizationAdmin() {
        return organizationRole.filter(role -> role.equals("admin") || role.equals("org:admin")).isPresent();
    }
}
