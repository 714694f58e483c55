package ai.tuco.application.testing;

import ai.tuco.application.workspace.port.out.UserRepository;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Users by (workspace, external id), one row per pair as the unique index keeps it; counts upserts. */
public final class FakeUsers implements UserRepository {
    public record Row(UserId id, WorkspaceId workspaceId, String externalId, Role role) {}

    private final List<Row> rows = new ArrayList<>();
    private int upserts;

    /** A member user of the workspace (set-up). */
    public UserId add(WorkspaceId workspaceId, UserId id) {
        rows.add(new Row(id, workspaceId, "user_" + id.value(), Role.MEMBER));
        return id;
    }

    @Override
    public boolean exists(WorkspaceId workspaceId, UserId id) {
        return rows.stream().anyMatch(r -> r.workspaceId().equals(workspaceId) && r.id().equals(id));
    }

    @Override
    public UserId upsert(WorkspaceId workspaceId, String externalId, Role role, String newId, Instant at) {
        upserts++;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (r.workspaceId().equals(workspaceId) && r.externalId().equals(externalId)) {
                rows.set(i, new Row(r.id(), workspaceId, externalId, role));
                return r.id();
            }
        }
        rows.add(new Row(new UserId(newId), workspaceId, externalId, role));
        return new UserId(newId);
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public int upserts() {
        return upserts;
    }

    public Optional<Row> byExternalId(String externalId) {
        return rows.stream().filter(r -> r.externalId().equals(externalId)).findFirst();
    }
}
