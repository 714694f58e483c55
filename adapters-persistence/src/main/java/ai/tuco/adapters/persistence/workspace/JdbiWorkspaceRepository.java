package ai.tuco.adapters.persistence.workspace;

import ai.tuco.adapters.persistence.shared.Rows;
import ai.tuco.application.workspace.port.out.WorkspaceRepository;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Workspaces in PostgreSQL. */
public final class JdbiWorkspaceRepository implements WorkspaceRepository {
    private final Jdbi jdbi;

    public JdbiWorkspaceRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(Workspace w) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO workspaces (id, name, status, default_country, external_id, created_at, updated_at)
                        VALUES (:id, :name, :status, :country, :externalId, :createdAt, :createdAt)""")
                .bind("id", w.id().value())
                .bind("name", w.name())
                .bind("status", w.status().wireName())
                .bind("country", w.defaultCountry())
                .bind("externalId", w.externalId().orElse(null))
                .bind("createdAt", w.createdAt())
                .execute());
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
