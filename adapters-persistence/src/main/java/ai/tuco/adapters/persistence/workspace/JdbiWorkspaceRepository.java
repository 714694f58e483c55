package ai.tuco.adapters.persistence.workspace;

import ai.tuco.adapters.persistence.shared.Rows;
import ai.tuco.application.workspace.port.out.OrganizationLinks;
import ai.tuco.application.workspace.port.out.WorkspaceRepository;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

/** Workspaces in PostgreSQL; the unique {@code external_id} keeps a Clerk organisation to one workspace. */
public final class JdbiWorkspaceRepository implements WorkspaceRepository, OrganizationLinks {

    private final Jdbi jdbi;

    public JdbiWorkspaceRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(Workspace w) {
        jdbi.useHandle(h -> bind(h.createUpdate(INSERT), w).execute());
    }

    @Override
    public boolean insertUnlessOrganizationTaken(Workspace w) {
        return jdbi.withHandle(h -> bind(h.createUpdate(INSERT + " ON CONFLICT (external_id) DO NOTHING"), w).execute() == 1);
    }

    @Override
    public LinkResult setOrganization(WorkspaceId id, Optional<String> organizationId) {
        // two links of one organisation racing past the check meet the unique index: the later one fails
        int changed = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE workspaces SET external_id = :org, updated_at = now()
                        WHERE id = :id AND NOT EXISTS (SELECT 1 FROM workspaces WHERE external_id = :org AND id <> :id)""")
                .bind("id", id.value())
                .bind("org", organizationId.orElse(null))
                .execute());
        if (changed == 1) {
            return LinkResult.LINKED;
        }
        return findById(id).isPresent() ? LinkResult.ORGANIZATION_TAKEN : LinkResult.NO_SUCH_WORKSPACE;
    }

    private static final String INSERT = """
            INSERT INTO workspaces (id, name, status, default_country, external_id, created_at, updated_at)
            VALUES (:id, :name, :status, :country, :externalId, :createdAt, :createdAt)""";

    private static Update bind(Update u, Workspace w) {
        return u.bind("id", w.id().value())
                .bind("name", w.name())
                .bind("status", w.status().wireName())
                .bind("country", w.defaultCountry())
                .bind("externalId", w.externalId().orElse(null))
                .bind("createdAt", w.createdAt());
    }

    @Override
    public Optional<Workspace> findById(WorkspaceId id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM workspaces WHERE id = :id")
                .bind("id", id.value())
                .map(JdbiWorkspaceRepository::map)
                .findOne());
    }

    @Override
    public Optional<Workspace> findByExternalId(String externalId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM workspaces WHERE external_id = :externalId")
                .bind("externalId", externalId)
                .map(JdbiWorkspaceRepository::map)
                .findOne());
    }

    @Override
    public boolean setStatus(WorkspaceId id, WorkspaceStatus status) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE workspaces SET status = :status, updated_at = now() WHERE id = :id")
                .bind("id", id.value())
                .bind("status", status.wireName())
                .execute() == 1);
    }

    @Override
    public boolean any() {
        return jdbi.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM workspaces)").mapTo(Boolean.class).one());
    }

    private static Workspace map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Workspace(
                new WorkspaceId(rs.getString("id")),
                rs.getString("name"),
                WorkspaceStatus.fromWire(rs.getString("status")),
                rs.getString("default_country"),
                Rows.optString(rs, "external_id"),
                Rows.instant(rs, "created_at"));
    }
}
