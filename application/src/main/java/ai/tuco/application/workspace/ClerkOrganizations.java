package ai.tuco.application.workspace;

import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.application.workspace.port.in.AuthenticateUseCase.ClerkIdentity;
import ai.tuco.application.workspace.port.out.OrganizationLinks;
import ai.tuco.application.workspace.port.out.WorkspaceRepository;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The workspace a Clerk organisation signs into: the one linked to it, or, with auto-provisioning on
 * ({@code TUCO_CLERK_AUTO_PROVISION}), one created on the organisation's first valid token, named from its slug (else
 * its id) and audited. Two nodes provisioning the same organisation at once end with one workspace: the store keeps an
 * organisation to one workspace, and the loser reads the winner's.
 */
public final class ClerkOrganizations {
    static final String DEFAULT_COUNTRY = "US";

    private final WorkspaceRepository workspaces;
    private final OrganizationLinks links;
    private final AuditLog audit;
    private final TransactionRunner tx;
    private final IdGenerator ids;
    private final Clock clock;
    private final boolean autoProvision;

    public ClerkOrganizations(WorkspaceRepository workspaces, OrganizationLinks links, AuditLog audit, TransactionRunner tx,
            IdGenerator ids, Clock clock, boolean autoProvision) {
        this.workspaces = workspaces;
        this.links = links;
        this.audit = audit;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
        this.autoProvision = autoProvision;
    }

    /** @return empty for an organisation no workspace stands for, when auto-provisioning is off */
    public Optional<Workspace> workspaceOf(ClerkIdentity identity) {
        Optional<Workspace> linked = workspaces.findByExternalId(identity.organizationId());
        if (linked.isPresent() || !autoProvision) {
            return linked;
        }
        return Optional.of(provision(identity));
    }

    private Workspace provision(ClerkIdentity identity) {
        String organization = identity.organizationId();
        String name = identity.organizationSlug().map(String::strip).filter(s -> !s.isEmpty()).orElse(organization);
        Instant now = clock.instant();
        Workspace workspace = new Workspace(new WorkspaceId(ids.newId()), name, WorkspaceStatus.ACTIVE, DEFAULT_COUNTRY,
                Optional.of(organization), now);
        return tx.inTransaction(() -> {
            if (!links.insertUnlessOrganizationTaken(workspace)) {
                return workspaces.findByExternalId(organization).orElseThrow(
                        () -> new IllegalStateException("organization " + organization + " was taken, then vanished"));
            }
            audit.append(new AuditLog.Entry(Optional.of(workspace.id()), Actor.system("clerk-auto-provision"),
                    "workspace.provision", "workspace", workspace.id().value(), now,
                    Map.of("name", name, "clerkOrganizationId", organization, "clerkUserId", identity.userExternalId())));
            return workspace;
        });
    }
}
