package ai.tuco.application.workspace;

import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.ChangeNotices;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.application.workspace.port.in.CreateApiKeyUseCase.CreateApiKeyCommand;
import ai.tuco.application.workspace.port.in.CreateApiKeyUseCase;
import ai.tuco.application.workspace.port.in.CreateWorkspaceUseCase;
import ai.tuco.application.workspace.port.in.LinkOrganizationUseCase;
import ai.tuco.application.workspace.port.in.SetWorkspaceStatusUseCase;
import ai.tuco.application.workspace.port.out.OrganizationLinks;
import ai.tuco.application.workspace.port.out.WorkspaceRepository;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Creates workspaces, switches them between active and read-only, and links them to Clerk organisations. */
public final class WorkspaceService implements CreateWorkspaceUseCase, SetWorkspaceStatusUseCase, LinkOrganizationUseCase {
    private final WorkspaceRepository workspaces;
    private final OrganizationLinks links;
    private final CreateApiKeyUseCase apiKeys;
    private final AuditLog audit;
    private final TransactionRunner tx;
    private final IdGenerator ids;
    private final Clock clock;
    private final ChangeNotices notices;

    /** @param notices told inside a status change, so every node drops its cached credentials (they carry the status) */
    public WorkspaceService(
            WorkspaceRepository workspaces,
            OrganizationLinks links,
            CreateApiKeyUseCase apiKeys,
            AuditLog audit,
            TransactionRunner tx,
            IdGenerator ids,
            Clock clock,
            ChangeNotices notices) {
        this.workspaces = workspaces;
        this.links = links;
        this.apiKeys = apiKeys;
        this.audit = audit;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
        this.notices = notices;
    }

    @Override
    public CreatedWorkspace create(CreateWorkspaceCommand command) {
        return tx.inTransaction(() -> {
            Instant now = clock.instant();
            Workspace workspace = new Workspace(
                    new WorkspaceId(ids.newId()),
                    command.name().strip(),
                    WorkspaceStatus.ACTIVE,
                    command.defaultCountry(),
                    command.externalId(),
                    now);
            if (command.externalId().isPresent()) {
                if (!links.insertUnlessOrganizationTaken(workspace)) {
                    throw organizationTaken(command.externalId().get());
                }
            } else {
                workspaces.insert(workspace);
            }
            Map<String, String> detail = new HashMap<>();
            detail.put("name", workspace.name());
            command.externalId().ifPresent(org -> detail.put("clerkOrganizationId", org));
            audit.append(new AuditLog.Entry(
                    Optional.of(workspace.id()), command.actor(), "workspace.create", "workspace",
                    workspace.id().value(), now, detail));
            var key = apiKeys.create(new CreateApiKeyCommand(
                    workspace.id(), "Initial admin key", Role.ADMIN, Optional.empty(), command.actor()));
            return new CreatedWorkspace(workspace.id(), key.secret(), workspace.externalId());
        });
    }

    @Override
    public boolean setStatus(WorkspaceId workspaceId, WorkspaceStatus status, Actor actor) {
        return tx.inTransaction(() -> {
            if (!workspaces.setStatus(workspaceId, status)) {
                return false;
            }
            audit.append(new AuditLog.Entry(
                    Optional.of(workspaceId), actor, "workspace.status", "workspace", workspaceId.value(),
                    clock.instant(), Map.of("status", status.wireName())));
            notices.announce();
            return true;
        });
    }

    @Override
    public Workspace link(LinkOrganizationCommand command) {
        WorkspaceId id = command.workspaceId();
        return tx.inTransaction(() -> {
            switch (links.setOrganization(id, command.organizationId())) {
                case NO_SUCH_WORKSPACE -> throw UseCaseException.notFound("Workspace " + id.value());
                case ORGANIZATION_TAKEN -> throw organizationTaken(command.organizationId().orElseThrow());
                case LINKED -> { }
            }
            audit.append(new AuditLog.Entry(Optional.of(id), command.actor(),
                    command.organizationId().isPresent() ? "workspace.link" : "workspace.unlink", "workspace", id.value(),
                    clock.instant(), command.organizationId().map(org -> Map.of("clerkOrganizationId", org)).orElse(Map.of())));
            return workspaces.findById(id).orElseThrow(() -> UseCaseException.notFound("Workspace " + id.value()));
        });
    }

    private UseCaseException organizationTaken(String organizationId) {
        String holder = workspaces.findByExternalId(organizationId).map(w -> " workspace " + w.id().value()).orElse(" another workspace");
        return new UseCaseException(UseCaseException.Kind.CONFLICT, "CONFLICT",
                "Clerk organization " + organizationId + " is already linked to" + holder
                        + " (one organization, at most one workspace; unlink it there first)", List.of());
    }
}
