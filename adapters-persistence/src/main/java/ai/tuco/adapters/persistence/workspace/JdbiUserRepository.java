package ai.tuco.adapters.persistence.workspace;

import ai.tuco.application.workspace.port.out.UserRepository;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Role;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/** Users in PostgreSQL, unique per (workspace, external id). */
public final class JdbiUserRepository implements UserRepository {
    private final Jdbi jdbi;

    public JdbiUserRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean exists(WorkspaceId workspaceId, UserId id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM users WHERE id = :id AND workspace_id = :w)")
                .bind("id", id.value())
                .bind("w", workspaceId.value())
                .mapTo(Boolean.class)
                .one());
    }

    @Override
    public UserId upsert(WorkspaceId workspaceId, String externalId, Role role, String newId, Instant at) {
        return jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO users (id, workspace_id, external_id, role, created_at)
                        VALUES (:id, :w, :external, :role, :at)
                        ON CONFLICT (workspace_id, external_id) DO UPDATE SET role = EXCLUDED.role
                        RETURNING id""")
                .bind("id", newId)
                .bind("w", workspaceId.value())
                .bind("external", externalId)
                .bind("role", role.wireName())
                .bind("at", at)
                .mapTo(String.class)
                .map(UserId::new)
                .one());
    }
}
