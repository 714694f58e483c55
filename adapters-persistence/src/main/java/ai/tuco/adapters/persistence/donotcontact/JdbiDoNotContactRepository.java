package ai.tuco.adapters.persistence.donotcontact;

import ai.tuco.adapters.persistence.shared.Rows;
import ai.tuco.application.donotcontact.port.out.DoNotContactRepository;
import ai.tuco.domain.lead.DoNotContact;
import ai.tuco.domain.shared.DoNotContactId;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The do-not-contact list in PostgreSQL; unique indexes per workspace refuse a second entry for an address. */
public final class JdbiDoNotContactRepository implements DoNotContactRepository {
    private final Jdbi jdbi;

    public JdbiDoNotContactRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean insert(DoNotContact e) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO do_not_contact (id, workspace_id, phone, email, reason, source, created_at)
                        VALUES (:id, :w, :phone, :email, :reason, :source, :at) ON CONFLICT DO NOTHING""")
                .bind("id", e.id().value())
                .bind("w", e.workspaceId().value())
                .bind("phone", e.phone().map(E164Phone::value).orElse(null))
                .bind("email", e.email().map(EmailAddress::value).orElse(null))
                .bind("reason", e.reason())
                .bind("source", e.source())
                .bind("at", e.createdAt())
                .execute() == 1);
    }

    @Override
    public Optional<DoNotContact> findByAddress(WorkspaceId workspaceId, Optional<E164Phone> phone, Optional<EmailAddress> email) {
        return jdbi.withHandle(h -> h.createQuery(phone.isPresent()
                        ? "SELECT * FROM do_not_contact WHERE workspace_id = :w AND phone = :v"
                        : "SELECT * FROM do_not_contact WHERE workspace_id = :w AND email = :v")
                .bind("w", workspaceId.value())
                .bind("v", phone.map(E164Phone::value).or(() -> email.map(EmailAddress::value)).orElse(null))
                .map(JdbiDoNotContactRepository::map)
                .findOne());
    }

    @Override
    public List<DoNotContact> deleteByAddress(WorkspaceId workspaceId, Optional<E164Phone> phone, Optional<EmailAddress> email,
            Set<String> sources) {
        if (phone.isPresent() == email.isPresent()) {
            throw new IllegalArgumentException("give exactly one of phone or email");
        }
        return jdbi.withHandle(h -> h.createQuery((phone.isPresent()
                        ? "DELETE FROM do_not_contact WHERE workspace_id = :w AND phone = :v"
                        : "DELETE FROM do_not_contact WHERE workspace_id = :w AND email = :v")
                        + " AND source = ANY(:sources) RETURNING *")
                .bind("w", workspaceId.value())
                .bind("v", phone.map(E164Phone::value).or(() -> email.map(EmailAddress::value)).orElseThrow())
                .bind("sources", sources.toArray(String[]::new))
                .map(JdbiDoNotContactRepository::map)
                .list());
    }

    @Override
    public boolean delete(WorkspaceId workspaceId, DoNotContactId id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM do_not_contact WHERE id = :id AND workspace_id = :w")
                .bind("id", id.value())
                .bind("w", workspaceId.value())
                .execute() == 1);
    }

    @Override
    public Page list(WorkspaceId workspaceId, Optional<String> search, int offset, int limit) {
        String where = "workspace_id = :w" + (search.isPresent() ? " AND (phone LIKE :q OR email ILIKE :q OR reason ILIKE :q)" : "");
        String pattern = search.map(Rows::containsPattern).orElse(null);
        return jdbi.withHandle(h -> {
            var count = h.createQuery("SELECT count(*) FROM do_not_contact WHERE " + where).bind("w", workspaceId.value());
            var page = h.createQuery("SELECT * FROM do_not_contact WHERE " + where
                            + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                    .bind("w", workspaceId.value())
                    .bind("limit", limit)
                    .bind("offset", offset);
            if (pattern != null) {
                count.bind("q", pattern);
                page.bind("q", pattern);
            }
            var entries = page.map(JdbiDoNotContactRepository::map).list();
            return new Page(entries, count.mapTo(Long.class).one());
        });
    }

    private static DoNotContact map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new DoNotContact(
                new DoNotContactId(rs.getString("id")),
                new WorkspaceId(rs.getString("workspace_id")),
                Rows.optString(rs, "phone").map(E164Phone::new),
                Rows.optString(rs, "email").map(EmailAddress::new),
                rs.getString("reason"),
                rs.getString("source"),
                Rows.instant(rs, "created_at"));
    }
}
