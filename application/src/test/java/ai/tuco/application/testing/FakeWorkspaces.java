package ai.tuco.application.testing;

import ai.tuco.application.workspace.port.out.OrganizationLinks;
import ai.tuco.application.workspace.port.out.WorkspaceRepository;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Workspaces by id, one organisation per workspace as the unique index keeps it. */
public final class FakeWorkspaces implements WorkspaceRepository, OrganizationLinks {
    private final Map<WorkspaceId, Workspace> byId = new LinkedHashMap<>();
    private Runnable afterNextLookupByOrganization = () -> {};

    /** Runs {@code write} once, just after the next lookup by organisation has read: another node's write in between. */
    public void afterNextLookupByOrganization(Runnable write) {
        afterNextLookupByOrganization = write;
    }

    @Override
    public void insert(Workspace workspace) {
        if (!insertUnlessOrganizationTaken(workspace)) {
            throw new IllegalStateException("duplicate organization " + workspace.externalId());
        }
    }

    @Override
    public boolean insertUnlessOrganizationTaken(Workspace workspace) {
        if (workspace.externalId().flatMap(this::holder).isPresent()) {
            return false;
        }
        byId.put(workspace.id(), workspace);
        return true;
    }

    @Override
    public LinkResult setOrganization(WorkspaceId id, Optional<String> organizationId) {
        Workspace w = byId.get(id);
        if (w == null) {
            return LinkResult.NO_SUCH_WORKSPACE;
        }
        if (organizationId.flatMap(this::holder).filter(h -> !h.id().equals(id)).isPresent()) {
            return LinkResult.ORGANIZATION_TAKEN;
        }
        byId.put(id, new Workspace(id, w.name(), w.status(), w.defaultCountry(), organizationId, w.createdAt()));
        return LinkResult.LINKED;
    }

    private Optional<Workspace> holder(String organizationId) {
        return byId.values().stream().filter(w -> w.externalId().equals(Optional.of(organizationId))).findFirst();
    }

    @Override
    public Optional<Workspace> findById(WorkspaceId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Optional<Workspace> findByExternalId(String externalId) {
        Optional<Workspace> found = holder(externalId);
        Runnable hook = afterNextLookupByOrganization;
        afterNextLookupByOrganization = () -> {};
        hook.run();
        return found;
    }

    @Override
    public boolean setStatus(WorkspaceId id, WorkspaceStatus status) {
        Workspace w = byId.get(id);
        if (w == null) {
            return false;
        }
        byId.put(id, w.withStatus(status));
        return true;
    }

    @Override
    public boolean any() {
        return !byId.isEmpty();
    }

    /** Every stored workspace by id, in insertion order. */
    public Map<WorkspaceId, Workspace> byId() {
        return new LinkedHashMap<>(byId);
    }
}
