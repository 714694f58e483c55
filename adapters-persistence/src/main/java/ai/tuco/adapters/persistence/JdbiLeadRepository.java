package ai.tuco.adapters.persistence;

import ai.tuco.application.port.out.LeadRepository;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

/** Leads in PostgreSQL; a deleted lead is kept (for message history) but no longer found. */
public final class JdbiLeadRepository implements LeadRepository {
    private final Jdbi jdbi;

    public JdbiLeadRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    private static final String INSERT = """
            INSERT INTO leads (id, workspace_id, first_name, last_name, phone, email, alt_phones, alt_emails,
                               company_name, job_title, notes, custom_fields, list_id, source, created_at, updated_at)
            VALUES (:id, :workspaceId, :firstName, :lastName, :phone, :email, :altPhones, :altEmails,
                    :companyName, :jobTitle, :notes, CAST(:customFields AS jsonb), :listId, :source,
                    :createdAt, :updatedAt)""";

    @Override
    public void insert(Lead l) {
        jdbi.useHandle(h -> bind(h.createUpdate(INSERT), l).execute());
    }

    private static Update bind(Update u, Lead l) {
        return u.bind("id", l.id().value())
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
                .bind("updatedAt", l.updatedAt());
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

    @Override
    public Optional<Lead> findByPhone(WorkspaceId workspaceId, E164Phone phone) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM leads WHERE workspace_id = :w AND deleted_at IS NULL
                          AND (phone = :v OR alt_phones @> ARRAY[CAST(:v AS text)])
                        ORDER BY (phone = :v) DESC, created_at LIMIT 1""")
                .bind("w", workspaceId.value())
                .bind("v", phone.value())
                .map(JdbiLeadRepository::map)
                .findOne());
    }

    @Override
    public Optional<Lead> findByEmail(WorkspaceId workspaceId, EmailAddress email) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM leads WHERE workspace_id = :w AND deleted_at IS NULL
                          AND (email = :v OR alt_emails @> ARRAY[CAST(:v AS text)])
                        ORDER BY (email = :v) DESC, created_at LIMIT 1""")
                .bind("w", workspaceId.value())
                .bind("v", email.value())
                .map(JdbiLeadRepository::map)
                .findOne());
    }

    @Override
    public boolean insertIfAbsent(Lead l) {
        return jdbi.withHandle(h -> bind(h.createUpdate(INSERT + " ON CONFLICT DO NOTHING"), l).execute() == 1);
    }

    @Override
    public void updateAlternates(WorkspaceId workspaceId, LeadId id, List<E164Phone> altPhones, List<EmailAddress> altEmails, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE leads SET alt_phones = :phones, alt_emails = :emails, updated_at = :at, version = version + 1
                        WHERE id = :id AND workspace_id = :w""")
                .bind("phones", altPhones.stream().map(E164Phone::value).toArray(String[]::new))
                .bind("emails", altEmails.stream().map(EmailAddress::value).toArray(String[]::new))
                .bind("at", at)
                .bind("id", id.value())
                .bind("w", workspaceId.value())
                .execute());
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
