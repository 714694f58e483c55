package ai.tuco.application.workspace;

import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.ChangeNotices;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.application.workspace.port.in.CreateApiKeyUseCase.CreateApiKeyCommand;
import ai.tuco.application.workspace.port.in.CreateApiKeyUseCase;
import ai.tuco.application.workspace.port.in.CreateWorkspaceUseCase;
import ai.tuco.application.workspace.port.in.SetWorkspaceStatusUseCase;
import ai.tuco.application.workspace.port.out.WorkspaceRepository;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Creates workspaces and switches them between active and read-only. */
public final class WorkspaceService implements CreateWorkspaceUseCase, SetWorkspaceStatusUseCase {
    private final WorkspaceRepository workspaces;
    private final CreateApiKeyUseCase apiKeys;
    private final AuditLog audit;
    private final TransactionRunner tx;
    private final IdGenerator ids;
    private final Clock clock;
    private final ChangeNotices notices;

    /** @param notices told inside a status change, so every node drops its cached credentials (they carry the status) */
    public WorkspaceService(
            WorkspaceRepository workspaces,
            CreateApiKeyUseCase apiKeys,
            AuditLog audit,
            TransactionRunner tx,
            IdGenerator ids,
            Clock clock,
            ChangeNotices notices) {
        this.notices = notices;
        this.workspaces = workspaces;
        this.apiKeys = apiKeys;
        this.audit = audit;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
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
            workspaces.insert(workspace);
            audit.append(new AuditLog.Entry(
                    Optional.of(workspace.id()), command.actor(), "workspace.create", "workspace",
                    workspace.id().value(), now, Map.of("name", workspace.name())));
            var key = apiKeys.create(new CreateApiKeyCommand(
                    workspace.id(), "Initial admin key", Role.ADMIN, Optional.empty(), command.actor()));
            return new CreatedWorkspace(workspace.id(), key.secret());
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
}
