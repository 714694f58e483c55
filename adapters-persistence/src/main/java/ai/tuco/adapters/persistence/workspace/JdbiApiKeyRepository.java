package ai.tuco.adapters.persistence.workspace;

import ai.tuco.adapters.persistence.shared.Rows;
import ai.tuco.application.workspace.port.out.ApiKeyRepository;
import ai.tuco.domain.shared.ApiKeyId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.ApiKey;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** API keys in PostgreSQL, found by the SHA-256 of their secret through a unique index. */
public final class JdbiApiKeyRepository implements ApiKeyRepository {
    private final Jdbi jdbi;

    public JdbiApiKeyRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(ApiKey k, byte[] secretSha256) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO api_keys (id, workspace_id, name, role, user_id, prefix, secret_sha256, created_at)
                        VALUES (:id, :workspaceId, :name, :role, :userId, :prefix, :hash, :createdAt)""")
                .bind("id", k.id().value())
                .bind("workspaceId", k.workspaceId().value())
                .bind("name", k.name())
                .bind("role", k.role().wireName())
                .bind("userId", k.userId().map(UserId::value).orElse(null))
                .bind("prefix", k.prefix())
                .bind("hash", secretSha256)
                .bind("createdAt", k.createdAt())
                .execute());
    }

    @Override
    public Optional<Credential> findCredential(byte[] secretSha256) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT k.*, w.name AS w_name, w.status AS w_status, w.default_country AS w_country,
                               w.external_id AS w_external_id, w.created_at AS w_created_at
                        FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id
                        WHERE k.secret_sha256 = :hash""")
                .bind("hash", secretSha256)
                .map((rs, ctx) -> new Credential(map(rs, ctx), rs.getBytes("secret_sha256"), new Workspace(
                        new WorkspaceId(rs.getString("workspace_id")),
                        rs.getString("w_name"),
                        WorkspaceStatus.fromWire(rs.getString("w_status")),
                        rs.getString("w_country"),
                        Rows.optString(rs, "w_external_id"),
                        Rows.instant(rs, "w_created_at"))))
                .findOne());
    }

    @Override
    public List<ApiKey> listByWorkspace(WorkspaceId workspaceId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM api_keys WHERE workspace_id = :w AND revoked_at IS NULL ORDER BY created_at, id")
                .bind("w", workspaceId.value())
                .map(JdbiApiKeyRepository::map)
                .list());
    }

    @Override
    public boolean revoke(WorkspaceId workspaceId, ApiKeyId id, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE api_keys SET revoked_at = :at WHERE id = :id AND workspace_id = :w AND revoked_at IS NULL")
                .bind("id", id.value())
                .bind("w", workspaceId.value())
                .bind("at", at)
                .execute() == 1);
    }

    @Override
    public void touchLastUsed(ApiKeyId id, Instant at, Instant notBefore) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE api_keys SET last_used_at = :at
                        WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :notBefore)""")
                .bind("id", id.value())
                .bind("at", at)
                .bind("notBefore", notBefore)
                .execute());
    }

    private static ApiKey map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ApiKey(
                new ApiKeyId(rs.getString("id")),
                new WorkspaceId(rs.getString("workspace_id")),
                rs.getString("name"),
                Role.valueOf(rs.getString("role").toUpperCase(java.util.Locale.ROOT)),
                Rows.optString(rs, "user_id").map(UserId::new),
                rs.getString("prefix"),
                Rows.optInstant(rs, "revoked_at"),
                Rows.optInstant(rs, "last_used_at"),
                Rows.instant(rs, "created_at"));
    }
}
