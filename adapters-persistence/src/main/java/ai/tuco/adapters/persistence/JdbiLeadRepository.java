package ai.tuco.adapters.persistence;

import ai.tuco.application.port.out.LeadRepository;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Leads in PostgreSQL; a deleted lead is kept (for message history) but no longer found. */
public final class JdbiLeadRepository implements LeadRepository {
    private final Jdbi jdbi;

    public JdbiLeadRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(Lead l) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO leads (id, workspace_id, first_name, last_name, phone, email, alt_phones, alt_emails,
                                           company_name, job_title, notes, custom_fields, list_id, source, created_at, updated_at)
                        VALUES (:id, :workspaceId, :firstName, :lastName, :phone, :email, :altPhones, :altEmails,
                                :companyName, :jobTitle, :notes, CAST(:customFields AS jsonb), :listId, :source,
                                :createdAt, :updatedAt)""")
                .bind("id", l.id().value())
                .bind("workspaceId", l.workspaceId().value())
                .bind("firstName", l.firstName())
                .bind("lastName", l.lastName())
                .bind("phone", l.phone().map(E164Phone::value).orElse(null))
                .bind("email", l.email().map(EmailAddress::value).orElse(null))
                .bind("altPhones", l.altPhones().stream().map(E164Phone::value).toArray(String[]::new))
                .bind("altEmails", l.altEmails().stream().map(EmailAddress::value).toArray(String[]::new))
                .bind("companyName", l.companyName())
                .bind("jobTitle", l.jobTitle())
                .bind("notes", l.notes())
                .bind("customFields", Json.write(l.customFields()))
                .bind("listId", l.listId().orElse(null))
                .bind("source", l.source())
                .bind("createdAt", l.createdAt())
                .bind("updatedAt", l.updatedAt())
                .execute());
    }

    @Override
    public Optional<Lead> findById(WorkspaceId workspaceId, LeadId id) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM leads WHERE id = :id AND workspace_id = :w AND deleted_at IS NULL")
                .bind("id", id.value())
                .bind("w", workspaceId.value())
                .map(JdbiLeadRepository::map)
                .findOne());
    }

    static Lead map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Lead(
                new LeadId(rs.getString("id")),
                new WorkspaceId(rs.getString("workspace_id")),
                rs.getString("first_name"),
                rs.getString("last_name"),
                Rows.optString(rs, "phone").map(E164Phone::new),
                Rows.optString(rs, "email").map(EmailAddress::new),
                Rows.strings(rs, "alt_phones").stream().map(E164Phone::new).toList(),
                Rows.strings(rs, "alt_emails").stream().map(EmailAddress::new).toList(),
                rs.getString("company_name"),
                rs.getString("job_title"),
                rs.getString("notes"),
                Json.readMap(rs.getString("custom_fields")),
                Rows.optString(rs, "list_id"),
                rs.getString("source"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
