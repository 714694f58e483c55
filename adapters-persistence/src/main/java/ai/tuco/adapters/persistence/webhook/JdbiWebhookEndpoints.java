package ai.tuco.adapters.persistence.webhook;

import ai.tuco.adapters.persistence.shared.Rows;
import ai.tuco.adapters.persistence.shared.SecretBox;
import ai.tuco.application.webhook.port.out.SigningSecrets;
import ai.tuco.application.webhook.port.out.WebhookEndpointRepository;
import ai.tuco.domain.shared.WebhookId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.webhook.WebhookEndpoint;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Webhook endpoints in PostgreSQL; secrets sealed with {@link SecretBox} like provider credentials. */
public final class JdbiWebhookEndpoints implements WebhookEndpointRepository {
    private static final String COLUMNS = "id, workspace_id, url, name, description, events, enabled, disabled_at, "
            + "disabled_reason, created_at, updated_at";

    private final Jdbi jdbi;
    private final SecretBox box;

    public JdbiWebhookEndpoints(Jdbi jdbi, SecretBox box) {
        this.jdbi = jdbi;
        this.box = box;
    }

    @Override
    public void insert(WebhookEndpoint e, String secret) {
        SecretBox.Sealed sealed = box.seal(secret);
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO webhook_endpoints (id, workspace_id, url, name, description, events, enabled,
                            secret, secret_key_id, created_at, updated_at)
                        VALUES (:id, :w, :url, :name, :description, :events, :enabled, :secret, :keyId, :createdAt, :updatedAt)""")
                .bind("id", e.id().value())
                .bind("w", e.workspaceId().value())
                .bind("url", e.url())
                .bind("name", e.name())
                .bind("description", e.description().orElse(null))
                .bind("events", e.events().toArray(String[]::new))
                .bind("enabled", e.enabled())
                .bind("secret", sealed.bytes())
                .bind("keyId", sealed.keyId())
                .bind("createdAt", e.createdAt())
                .bind("updatedAt", e.updatedAt())
                .execute());
    }

    @Override
    public List<WebhookEndpoint> list(WorkspaceId workspaceId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM webhook_endpoints WHERE workspace_id = :w ORDER BY created_at, id")
                .bind("w", workspaceId.value())
                .map(JdbiWebhookEndpoints::map)
                .list());
    }

    @Override
    public Optional<WebhookEndpoint> find(WorkspaceId workspaceId, WebhookId id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM webhook_endpoints WHERE id = :id AND workspace_id = :w")
                .bind("id", id.value())
                .bind("w", workspaceId.value())
                .map(JdbiWebhookEndpoints::map)
                .findOne());
    }

    @Override
    public void update(WebhookEndpoint e) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE webhook_endpoints SET url = :url, name = :name, description = :description, events = :events,
                            enabled = :enabled, disabled_at = :disabledAt, disabled_reason = :disabledReason,
                            failing_since = CASE WHEN :enabled AND NOT enabled THEN NULL ELSE failing_since END,
                            updated_at = :updatedAt
                        WHERE id = :id AND workspace_id = :w""")
                .bind("id", e.id().value())
                .bind("w", e.workspaceId().value())
                .bind("url", e.url())
                .bind("name", e.name())
                .bind("description", e.description().orElse(null))
                .bind("events", e.events().toArray(String[]::new))
                .bind("enabled", e.enabled())
                .bind("disabledAt", e.disabledAt().orElse(null))
                .bind("disabledReason", e.disabledReason().orElse(null))
                .bind("updatedAt", e.updatedAt())
                .execute());
    }

    @Override
    public boolean delete(WorkspaceId workspaceId, WebhookId id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM webhook_endpoints WHERE id = :id AND workspace_id = :w")
                .bind("id", id.value())
                .bind("w", workspaceId.value())
                .execute()) > 0;
    }

    @Override
    public void rotateSecret(WorkspaceId workspaceId, WebhookId id, String newSecret, Instant previousUntil) {
        SecretBox.Sealed sealed = box.seal(newSecret);
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_key_id = secret_key_id,
                            previous_secret_until = :until, secret = :secret, secret_key_id = :keyId
                        WHERE id = :id AND workspace_id = :w""")
                .bind("id", id.value())
                .bind("w", workspaceId.value())
                .bind("until", previousUntil)
                .bind("secret", sealed.bytes())
                .bind("keyId", sealed.keyId())
                .execute());
    }

    @Override
    public Optional<SigningSecrets> secrets(WorkspaceId workspaceId, WebhookId id, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT secret, secret_key_id, previous_secret, previous_secret_key_id, previous_secret_until
                        FROM webhook_endpoints WHERE id = :id AND workspace_id = :w""")
                .bind("id", id.value())
                .bind("w", workspaceId.value())
                .map((rs, ctx) -> secrets(box, rs, now))
                .findOne());
    }

    /** Opens the sealed secret columns of a row ({@code secret, secret_key_id, previous_secret...}). */
    static SigningSecrets secrets(SecretBox box, ResultSet rs, Instant now) throws SQLException {
        String current = box.open(new SecretBox.Sealed(rs.getString("secret_key_id"), rs.getBytes("secret")));
        Optional<Instant> until = Rows.optInstant(rs, "previous_secret_until");
        Optional<String> previous = until.filter(u -> u.isAfter(now)).isPresent() && rs.getBytes("previous_secret") != null
                ? Optional.of(box.open(new SecretBox.Sealed(rs.getString("previous_secret_key_id"), rs.getBytes("previous_secret"))))
                : Optional.empty();
        return new SigningSecrets(current, previous);
    }

    static WebhookEndpoint map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new WebhookEndpoint(new WebhookId(rs.getString("id")), new WorkspaceId(rs.getString("workspace_id")),
                rs.getString("url"), rs.getString("name"), Rows.optString(rs, "description"), Rows.strings(rs, "events"),
                rs.getBoolean("enabled"), Rows.optInstant(rs, "disabled_at"), Rows.optString(rs, "disabled_reason"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
