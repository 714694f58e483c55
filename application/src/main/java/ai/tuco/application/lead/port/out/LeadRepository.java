package ai.tuco.application.lead.port.out;

import ai.tuco.application.shared.port.out.OnConflict;
import ai.tuco.domain.lead.Availability;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Stores leads (the people a workspace writes to). */
public interface LeadRepository {
    void insert(Lead lead);

    Optional<Lead> findById(WorkspaceId workspaceId, LeadId id);

    /** The live leads of the workspace among these ids. */
    List<Lead> findAllById(WorkspaceId workspaceId, Collection<LeadId> ids);

    /** The live lead whose phone, else one of whose alternate phones, is {@code phone}. */
    Optional<Lead> findByPhone(WorkspaceId workspaceId, E164Phone phone);

    /** The live lead whose email, else one of whose alternate emails, is {@code email}. */
    Optional<Lead> findByEmail(WorkspaceId workspaceId, EmailAddress email);

    /** Inserts unless a live lead of the workspace already has its phone or email; @return whether it was inserted. */
    boolean insertIfAbsent(Lead lead);

    /**
     * The live lead {@link #findByPhone} (when {@code byPhone}) or else {@link #findByEmail} finds for {@code fresh}'s
     * phone or email; when there is none, {@code fresh} inserted as by {@link #insertIfAbsent}. Empty when neither
     * (the insert conflicted: a concurrent request created the lead, or its other address belongs to another lead).
     * Adapters may do it in one round trip.
     */
    default Optional<Resolved> findOrInsert(Lead fresh, boolean byPhone) {
        Optional<Lead> found = byPhone
                ? fresh.phone().flatMap(p -> findByPhone(fresh.workspaceId(), p))
                : fresh.email().flatMap(e -> findByEmail(fresh.workspaceId(), e));
        if (found.isPresent()) {
            return Optional.of(new Resolved(found.get(), false));
        }
        return insertIfAbsent(fresh) ? Optional.of(new Resolved(fresh, true)) : Optional.empty();
    }

    /** A lead found or inserted by {@link #findOrInsert}. */
    record Resolved(Lead lead, boolean created) {}

    /** Live leads of the workspace whose phone or email (primary or alternate) is one of the given. */
    List<Lead> findMatching(WorkspaceId workspaceId, Collection<E164Phone> phones, Collection<EmailAddress> emails);

    /**
     * Inserts the leads in one round trip, each unless a live lead already has its phone or email.
     *
     * @return for each lead, whether it was inserted
     */
    List<Boolean> insertAllIfAbsent(List<Lead> leads);

    /**
     * {@link #insertAllIfAbsent} for accepts: without the import's per-workspace turn, so concurrent accepting
     * transactions insert side by side (in one stable order; the rare deadlock is retried by the caller, ADR 22). With
     * {@link OnConflict#FAIL} a lead whose phone or email a live lead already has fails the write with a unique
     * violation instead of being left out (ADR 35); a store without unique keys to enforce (a test fake) may treat it
     * as {@link OnConflict#SKIP}.
     */
    default List<Boolean> insertNewLeads(List<Lead> leads, OnConflict onConflict) {
        return insertAllIfAbsent(leads);
    }

    /** A lead to insert unless a live lead already has its key address: its phone when {@code byPhone}, else its email. */
    record Candidate(Lead lead, boolean byPhone) {
        /** The address the candidate is matched on, if it has it. */
        public Optional<String> key() {
            return byPhone ? lead.phone().map(E164Phone::value) : lead.email().map(EmailAddress::value);
        }
    }

    /** What {@link #findMatchingOrInsert} found and inserted. */
    record MatchedOrInserted(List<Lead> found, Set<LeadId> inserted) {}

    /**
     * {@link #findMatching} for the given addresses, and {@link #insertNewLeads} of each candidate whose key address no
     * found lead has (as its primary or as an alternate). A candidate whose key some found lead has is not inserted;
     * the caller takes that lead instead. Adapters may do it in one round trip.
     *
     * @param candidates of this workspace, each with a key among {@code phones} / {@code emails}
     */
    default MatchedOrInserted findMatchingOrInsert(WorkspaceId workspaceId, Collection<E164Phone> phones,
            Collection<EmailAddress> emails, List<Candidate> candidates, OnConflict onConflict) {
        List<Lead> found = findMatching(workspaceId, phones, emails);
        Set<String> taken = new HashSet<>();
        for (Lead l : found) {
            l.phone().ifPresent(p -> taken.add(p.value()));
            l.email().ifPresent(e -> taken.add(e.value()));
            l.altPhones().forEach(p -> taken.add(p.value()));
            l.altEmails().forEach(e -> taken.add(e.value()));
        }
        List<Lead> unmatched = candidates.stream().filter(c -> c.key().isPresent() && !taken.contains(c.key().get()))
                .map(Candidate::lead).toList();
        List<Boolean> ok = insertNewLeads(unmatched, onConflict);
        Set<LeadId> inserted = new HashSet<>();
        for (int i = 0; i < unmatched.size(); i++) {
            if (ok.get(i)) {
                inserted.add(unmatched.get(i).id());
            }
        }
        return new MatchedOrInserted(found, inserted);
    }

    /** Rewrites a lead's fields; @return false when a live lead of the workspace already has its phone or email. */
    boolean update(Lead lead);

    /** Marks live leads deleted; @return the ids that were deleted (others' and unknown ids are skipped). */
    List<LeadId> delete(WorkspaceId workspaceId, Collection<LeadId> ids, Instant at);

    /** @param search matched case-insensitively against names, email, phone and company */
    SearchResult search(WorkspaceId workspaceId, Optional<String> search, Optional<String> listId, int offset, int limit);

    /** A page of leads, newest first, and how many match in all. */
    record SearchResult(List<Lead> leads, long total) {}

    /** Records the result of an iMessage availability check on a live lead. */
    void setAvailability(WorkspaceId workspaceId, LeadId id, Availability status, Instant at);

    void updateAlternates(WorkspaceId workspaceId, LeadId id, List<E164Phone> altPhones, List<EmailAddress> altEmails, Instant at);
}
