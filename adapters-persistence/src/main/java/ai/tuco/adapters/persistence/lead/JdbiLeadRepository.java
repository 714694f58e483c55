package ai.tuco.adapters.persistence.lead;

import ai.tuco.adapters.persistence.shared.Json;
import ai.tuco.adapters.persistence.shared.Rows;
import ai.tuco.adapters.persistence.shared.TextColumns;
import ai.tuco.application.lead.port.out.LeadPages;
import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.shared.port.out.OnConflict;
import ai.tuco.domain.lead.Availability;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/** Leads in PostgreSQL; a deleted lead is kept (for message history) but no longer found. */
public final class JdbiLeadRepository implements LeadRepository, LeadPages {
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

    /*
     * The live lead a phone (or email) belongs to: its primary contact first, else the oldest lead listing it as an
     * alternative. Two arms rather than one OR, so each is an index lookup whatever the statistics say: a generic
     * plan made while the table was young scanned the whole workspace (V6, docs/adr/0006). The alternative arm
     * carries the `<> '{}'` guard that lets the partial GIN index serve it, and states the workspace and liveness in
     * forms (text comparison, coalesce) that leave leads_workspace no way in.
     */
    static final String MATCH_PHONE = """
            SELECT * FROM (
                (SELECT * FROM leads WHERE workspace_id = :w AND phone = :v AND deleted_at IS NULL)
                UNION ALL
                (SELECT * FROM leads WHERE alt_phones <> '{}' AND alt_phones @> ARRAY[CAST(:v AS text)]
                   AND workspace_id::text = :w AND coalesce(deleted_at, 'infinity') = 'infinity')
            ) m ORDER BY (phone = :v) DESC, created_at LIMIT 1""";
    static final String MATCH_EMAIL = MATCH_PHONE.replace("phone", "email");

    /** Match and insert in one statement: the insert runs only when the match found nothing. */
    private static final String FIND_OR_INSERT_PHONE = "WITH found AS (" + MATCH_PHONE + """
            ),
            ins AS (
                INSERT INTO leads (id, workspace_id, first_name, last_name, phone, email, alt_phones, alt_emails,
                                   company_name, job_title, notes, custom_fields, list_id, source, created_at, updated_at)
                SELECT :id, :workspaceId, :firstName, :lastName, :phone, :email, :altPhones, :altEmails,
                       :companyName, :jobTitle, :notes, CAST(:customFields AS jsonb), :listId, :source,
                       CAST(:createdAt AS timestamptz), CAST(:updatedAt AS timestamptz)
                WHERE NOT EXISTS (SELECT 1 FROM found)
                ON CONFLICT DO NOTHING
                RETURNING *)
            SELECT *, false AS created FROM found
            UNION ALL
            SELECT *, true AS created FROM ins""";
    private static final String FIND_OR_INSERT_EMAIL = FIND_OR_INSERT_PHONE.replace(MATCH_PHONE, MATCH_EMAIL);

    @Override
    public void insert(Lead l) {
        jdbi.useHandle(h -> bind(h.createUpdate(INSERT), l).execute());
    }

    private static <S extends SqlStatement<S>> S bind(S u, Lead l) {
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
    public List<Lead> findAllById(WorkspaceId workspaceId, Collection<LeadId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery(FIND_ALL_BY_ID)
                .bind("ids", ids.stream().map(LeadId::value).toArray(String[]::new))
                .bind("w", workspaceId.value())
                .map(JdbiLeadRepository::map)
                .list());
    }

    /**
     * One primary-key lookup per id, the workspace and deletion checked on the row found. Written as
     * {@code id = ANY(:ids) AND workspace_id = :w AND deleted_at IS NULL}, the plan made without statistics (ADR 7)
     * chose {@code leads_workspace}, whose predicate and leading column those conditions match, and tested each of the
     * workspace's leads against the array; inside the {@code OFFSET 0} subquery only the primary key fits
     * (LeadMatchPlanTest).
     */
    static final String FIND_ALL_BY_ID = """
            SELECT l.* FROM unnest(CAST(:ids AS bpchar[])) AS p(id), LATERAL (SELECT * FROM leads WHERE id = p.id OFFSET 0) l
            WHERE l.workspace_id = :w AND l.deleted_at IS NULL""";

    private static final String MATCHING = """
            SELECT l.* FROM unnest(CAST(:phones AS text[])) AS p(v), LATERAL (
                SELECT * FROM leads WHERE workspace_id = :w AND phone = p.v AND deleted_at IS NULL OFFSET 0) l
            UNION
            SELECT l.* FROM unnest(CAST(:emails AS text[])) AS e(v), LATERAL (
                SELECT * FROM leads WHERE workspace_id = :w AND email = e.v AND deleted_at IS NULL OFFSET 0) l
            UNION
            SELECT * FROM leads WHERE alt_phones <> '{}' AND alt_phones && CAST(:phones AS text[])
              AND workspace_id::text = :w AND coalesce(deleted_at, 'infinity') = 'infinity'
            UNION
            SELECT * FROM leads WHERE alt_emails <> '{}' AND alt_emails && CAST(:emails AS text[])
              AND workspace_id::text = :w AND coalesce(deleted_at, 'infinity') = 'infinity'""";
    static final String FIND_MATCHING = MATCHING + "\nORDER BY created_at, id";

    /**
     * New leads from column arrays, in one stable order (email, phone, id: the order their unique-index entries are
     * taken in, so two such inserts cannot deadlock). {@code %1$s} adds input arrays, {@code %2$s} their column names,
     * {@code %3$s} a WHERE clause, {@code %4$s} the conflict clause.
     */
    private static final String INSERT_NEW_LEADS = """
            INSERT INTO leads (id, workspace_id, first_name, last_name, phone, email, alt_phones, alt_emails,
                               company_name, job_title, notes, custom_fields, list_id, source, created_at, updated_at)
            SELECT id, workspace_id, first_name, last_name, phone, email, CAST(alt_phones AS text[]),
                   CAST(alt_emails AS text[]), company_name, job_title, notes, CAST(custom_fields AS jsonb),
                   list_id, source, CAST(created_at AS timestamptz), CAST(updated_at AS timestamptz)
            FROM unnest(CAST(:id AS text[]), CAST(:workspaceId AS text[]), CAST(:firstName AS text[]),
                CAST(:lastName AS text[]), CAST(:phone AS text[]), CAST(:email AS text[]),
                CAST(:altPhones AS text[]), CAST(:altEmails AS text[]), CAST(:companyName AS text[]),
                CAST(:jobTitle AS text[]), CAST(:notes AS text[]), CAST(:customFields AS text[]),
                CAST(:listId AS text[]), CAST(:source AS text[]), CAST(:createdAt AS text[]),
                CAST(:updatedAt AS text[])%1$s)
                AS x(id, workspace_id, first_name, last_name, phone, email, alt_phones, alt_emails,
                     company_name, job_title, notes, custom_fields, list_id, source, created_at, updated_at%2$s)
            %3$s
            ORDER BY email NULLS LAST, phone NULLS LAST, id
            %4$s
            RETURNING id""";

    private static String insertNewLeads(OnConflict onConflict) {
        return INSERT_NEW_LEADS.formatted("", "", "", conflict(onConflict));
    }

    private static String conflict(OnConflict onConflict) {
        return onConflict == OnConflict.SKIP ? "ON CONFLICT DO NOTHING" : "";
    }

    /**
     * {@link #FIND_MATCHING} and the insert of each candidate whose key address (phone or email) no found lead has, as
     * its primary or an alternate, in one statement; a candidate without its key address is never inserted. Every row
     * is a found lead, or one row of NULLs when none was found, with the ids inserted.
     */
    private static String findMatchingOrInsert(OnConflict onConflict) {
        // "taken": every address of the found leads, so that the candidates' check is one hashed anti-join however many
        // leads were found (a phone and an email are never the same text)
        return "WITH found AS MATERIALIZED (" + MATCHING + """
                ),
                taken AS (
                    SELECT phone AS address FROM found UNION ALL SELECT email FROM found
                    UNION ALL SELECT unnest(alt_phones) FROM found UNION ALL SELECT unnest(alt_emails) FROM found),
                ins AS (""" + INSERT_NEW_LEADS.formatted(", CAST(:key AS text[])", ", key",
                "WHERE x.key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM taken t WHERE t.address = x.key)",
                conflict(onConflict)) + """
                )
                SELECT l.*, ARRAY(SELECT id FROM ins) AS inserted_ids
                FROM (SELECT 1) AS one LEFT JOIN found l ON true
                ORDER BY l.created_at, l.id""";
    }

    private static final String INSERT_NEW_SKIP = insertNewLeads(OnConflict.SKIP);
    private static final String INSERT_NEW_FAIL = insertNewLeads(OnConflict.FAIL);
    private static final String FIND_MATCHING_OR_INSERT_SKIP = findMatchingOrInsert(OnConflict.SKIP);
    private static final String FIND_MATCHING_OR_INSERT_FAIL = findMatchingOrInsert(OnConflict.FAIL);

    @Override
    public Optional<Lead> findByPhone(WorkspaceId workspaceId, E164Phone phone) {
        return jdbi.withHandle(h -> h.createQuery(MATCH_PHONE)
                .bind("w", workspaceId.value())
                .bind("v", phone.value())
                .map(JdbiLeadRepository::map)
                .findOne());
    }

    @Override
    public Optional<Lead> findByEmail(WorkspaceId workspaceId, EmailAddress email) {
        return jdbi.withHandle(h -> h.createQuery(MATCH_EMAIL)
                .bind("w", workspaceId.value())
                .bind("v", email.value())
                .map(JdbiLeadRepository::map)
                .findOne());
    }

    /** Match and insert in one round trip: the insert runs only when the match found nothing. */
    @Override
    public Optional<Resolved> findOrInsert(Lead fresh, boolean byPhone) {
        Optional<String> value = byPhone ? fresh.phone().map(E164Phone::value) : fresh.email().map(EmailAddress::value);
        if (value.isEmpty()) {
            return LeadRepository.super.findOrInsert(fresh, byPhone);
        }
        return jdbi.withHandle(h -> bind(h.createQuery(byPhone ? FIND_OR_INSERT_PHONE : FIND_OR_INSERT_EMAIL), fresh)
                .bind("w", fresh.workspaceId().value())
                .bind("v", value.get())
                .map((rs, ctx) -> new Resolved(map(rs, ctx), rs.getBoolean("created")))
                .findFirst());
    }

    @Override
    public boolean insertIfAbsent(Lead l) {
        return jdbi.withHandle(h -> bind(h.createUpdate(INSERT + " ON CONFLICT DO NOTHING"), l).execute() == 1);
    }

    @Override
    /*
     * The primary arms look the addresses up one by one (LATERAL: the planner cannot turn it around) in the unique
     * (workspace_id, phone|email) indexes: each is a lookup on both columns whatever the statistics say. As `phone = ANY(:phones)`, a generic plan made on a never-analyzed
     * table read the whole workspace through the index's first column and filtered the phones (13 ms for 16 phones at
     * 20,000 leads; bench/accept's PostgreSQL CPU per accept grew with the table).
     */
    public List<Lead> findMatching(WorkspaceId workspaceId, Collection<E164Phone> phones, Collection<EmailAddress> emails) {
        if (phones.isEmpty() && emails.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery(FIND_MATCHING)
                .bind("w", workspaceId.value())
                .bind("phones", phones.stream().map(E164Phone::value).toArray(String[]::new))
                .bind("emails", emails.stream().map(EmailAddress::value).toArray(String[]::new))
                .map(JdbiLeadRepository::map)
                .list());
    }

    @Override
    public List<Boolean> insertAllIfAbsent(List<Lead> leads) {
        return insertAll(leads, true, OnConflict.SKIP);
    }

    @Override
    public List<Boolean> insertNewLeads(List<Lead> leads, OnConflict onConflict) {
        return insertAll(leads, false, onConflict);
    }

    private List<Boolean> insertAll(List<Lead> leads, boolean takeTurns, OnConflict onConflict) {
        if (leads.isEmpty()) {
            return List.of();
        }
        TextColumns c = columns(leads);
        Set<String> inserted = new HashSet<>(jdbi.withHandle(h -> {
            if (takeTurns) {
                // Two concurrent imports of overlapping leads would each hold unique-index entries the other waits
                // for (a deadlock when their orders differ): bulk imports of one workspace take turns, held until
                // commit, and insert in one stable order.
                h.createQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))) AS locked")
                        .bind("key", "tuco.leads.import:" + leads.get(0).workspaceId().value())
                        .mapTo(Long.class)
                        .one();
            }
            // one array per column (unnest), each row's alternative addresses an array literal of their own
            return c.bindTo(h.createQuery(onConflict == OnConflict.SKIP ? INSERT_NEW_SKIP : INSERT_NEW_FAIL))
                .mapTo(String.class)
                .list();
        }));
        return leads.stream().map(l -> inserted.contains(l.id().value())).toList();
    }

    /** The leads as one array per column, for {@link #INSERT_NEW_LEADS}. */
    private static TextColumns columns(List<Lead> leads) {
        return columns(leads, null);
    }

    /** The same, each lead followed by its candidate's key address when {@code keys} is given. */
    private static TextColumns columns(List<Lead> leads, List<Candidate> keys) {
        TextColumns c = new TextColumns(leads.size());
        for (int i = 0; i < leads.size(); i++) {
            Lead l = leads.get(i);
            c.add("id", l.id().value());
            c.add("workspaceId", l.workspaceId().value());
            c.add("firstName", l.firstName());
            c.add("lastName", l.lastName());
            c.add("phone", l.phone().map(E164Phone::value).orElse(null));
            c.add("email", l.email().map(EmailAddress::value).orElse(null));
            c.add("altPhones", TextColumns.literal(l.altPhones().stream().map(E164Phone::value).toList()));
            c.add("altEmails", TextColumns.literal(l.altEmails().stream().map(EmailAddress::value).toList()));
            c.add("companyName", l.companyName());
            c.add("jobTitle", l.jobTitle());
            c.add("notes", l.notes());
            c.add("customFields", Json.writeValue(l.customFields()));
            c.add("listId", l.listId().orElse(null));
            c.add("source", l.source());
            c.add("createdAt", l.createdAt().toString());
            c.add("updatedAt", l.updatedAt().toString());
            if (keys != null) {
                Candidate k = keys.get(i);
                c.add("key", k.key().orElse(null));
            }
        }
        return c;
    }

    /** One statement: the match, and the insert of the candidates it leaves unmatched. */
    @Override
    public MatchedOrInserted findMatchingOrInsert(WorkspaceId workspaceId, Collection<E164Phone> phones,
            Collection<EmailAddress> emails, List<Candidate> candidates, OnConflict onConflict) {
        if (candidates.isEmpty()) {
            return new MatchedOrInserted(findMatching(workspaceId, phones, emails), Set.of());
        }
        List<Lead> leads = candidates.stream().map(Candidate::lead).toList();
        TextColumns c = columns(leads, candidates);
        Set<LeadId> inserted = new HashSet<>();
        boolean[] first = {true}; // every row carries the same inserted ids: read them once
        List<Optional<Lead>> rows = jdbi.withHandle(h -> c.bindTo(h.createQuery(
                        onConflict == OnConflict.SKIP ? FIND_MATCHING_OR_INSERT_SKIP : FIND_MATCHING_OR_INSERT_FAIL))
                .bind("w", workspaceId.value())
                .bind("phones", phones.stream().map(E164Phone::value).toArray(String[]::new))
                .bind("emails", emails.stream().map(EmailAddress::value).toArray(String[]::new))
                .map((rs, ctx) -> {
                    if (first[0]) {
                        first[0] = false;
                        for (String id : (String[]) rs.getArray("inserted_ids").getArray()) {
                            inserted.add(new LeadId(id));
                        }
                    }
                    return rs.getString("id") == null ? Optional.<Lead>empty() : Optional.of(map(rs, ctx));
                })
                .list());
        return new MatchedOrInserted(rows.stream().flatMap(Optional::stream).toList(), inserted);
    }

    @Override
    public boolean update(Lead l) {
        return jdbi.withHandle(h -> {
            h.execute("SAVEPOINT lead_update");
            try {
                int n = bind(h.createUpdate("""
                        UPDATE leads SET first_name = :firstName, last_name = :lastName, phone = :phone, email = :email,
                            alt_phones = :altPhones, alt_emails = :altEmails, company_name = :companyName,
                            job_title = :jobTitle, notes = :notes, custom_fields = CAST(:customFields AS jsonb),
                            list_id = :listId, updated_at = :updatedAt, version = version + 1
                        WHERE id = :id AND workspace_id = :workspaceId AND deleted_at IS NULL"""), l).execute();
                h.execute("RELEASE SAVEPOINT lead_update");
                return n == 1;
            } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
                if (e.getCause() instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                    h.execute("ROLLBACK TO SAVEPOINT lead_update");
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public List<LeadId> delete(WorkspaceId workspaceId, Collection<LeadId> ids, Instant at) {
        return jdbi.withHandle(h -> h.createQuery("""
                        UPDATE leads SET deleted_at = :at, updated_at = :at
                        WHERE workspace_id = :w AND id = ANY(:ids) AND deleted_at IS NULL
                        RETURNING id""")
                .bind("w", workspaceId.value())
                .bind("ids", ids.stream().map(LeadId::value).toArray(String[]::new))
                .bind("at", at)
                .mapTo(String.class)
                .map(LeadId::new)
                .list());
    }

    @Override
    public SearchResult search(WorkspaceId workspaceId, Optional<String> search, Optional<String> listId, int offset, int limit) {
        Matching m = Matching.of(search, listId);
        return jdbi.withHandle(h -> {
            var count = m.bind(h.createQuery("SELECT count(*) FROM leads WHERE " + m.where), workspaceId);
            var page = m.bind(h.createQuery("SELECT * FROM leads WHERE " + m.where
                            + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset"), workspaceId)
                    .bind("limit", limit)
                    .bind("offset", offset);
            return new SearchResult(page.map(JdbiLeadRepository::map).list(), count.mapTo(Long.class).one());
        });
    }

    /** The search's matches by keyset rather than offset: each page one index range scan, however deep. */
    @Override
    public List<Lead> page(WorkspaceId workspaceId, Optional<String> search, Optional<String> listId, Optional<Cursor> after,
            int limit) {
        Matching m = Matching.of(search, listId);
        String where = m.where + (after.isPresent() ? " AND (created_at, id) < (:afterCreated, :afterId)" : "");
        return jdbi.withHandle(h -> {
            var page = m.bind(h.createQuery("SELECT * FROM leads WHERE " + where + " ORDER BY created_at DESC, id DESC LIMIT :limit"),
                    workspaceId).bind("limit", limit);
            after.ifPresent(c -> page.bind("afterCreated", c.createdAt()).bind("afterId", c.id().value()));
            return page.map(JdbiLeadRepository::map).list();
        });
    }

    /** Which live leads a search text and list match: the WHERE clause and its bindings. */
    private record Matching(String where, Optional<String> listId, Optional<String> pattern, String digits) {
        static Matching of(Optional<String> search, Optional<String> listId) {
            String where = "workspace_id = :w AND deleted_at IS NULL"
                    + (listId.isPresent() ? " AND list_id = :listId" : "")
                    + (search.isPresent() ? " " + """
                            AND (first_name ILIKE :q OR last_name ILIKE :q OR (first_name || ' ' || last_name) ILIKE :q
                                  OR email ILIKE :q OR phone LIKE :q OR company_name ILIKE :q
                                  OR (:digits <> '' AND phone LIKE '%' || :digits || '%'))""" : "");
            // "(202) 555" finds +12025551234: phones are stored in E.164, so compare digits with digits
            String digits = search.map(s -> s.matches("[0-9()+.\\s-]+") ? s.replaceAll("[^0-9]", "") : "")
                    .filter(d -> d.length() >= 3).orElse("");
            return new Matching(where, listId, search.map(Rows::containsPattern), digits);
        }

        <S extends SqlStatement<S>> S bind(S statement, WorkspaceId workspaceId) {
            statement.bind("w", workspaceId.value());
            listId.ifPresent(v -> statement.bind("listId", v));
            pattern.ifPresent(p -> statement.bind("q", p).bind("digits", digits));
            return statement;
        }
    }

    @Override
    public void setAvailability(WorkspaceId workspaceId, LeadId id, Availability status, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE leads SET availability_status = :status, availability_checked_at = :at
                        WHERE id = :id AND workspace_id = :w AND deleted_at IS NULL""")
                .bind("status", status.wireName())
                .bind("at", at)
                .bind("id", id.value())
                .bind("w", workspaceId.value())
                .execute());
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
                Rows.instant(rs, "updated_at"),
                Rows.optString(rs, "availability_status").flatMap(Availability::fromWire),
                Rows.optInstant(rs, "last_reply_at"));
    }
}
