package ai.tuco.application.testing;

import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.shared.port.out.OnConflict;
import ai.tuco.domain.lead.Availability;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Leads by id, with the rules the PostgreSQL adapter keeps: one live lead per primary phone and per primary email
 * in a workspace, deleted leads kept but never found, an alternate address matching the oldest lead that has it.
 */
public final class FakeLeads implements LeadRepository {
    private final Map<LeadId, Lead> rows = new LinkedHashMap<>();
    private final Map<LeadId, Instant> deletedAt = new LinkedHashMap<>();
    private Runnable beforeNextInsertAll = () -> {};

    /** A lead stored as it is, bypassing every check (set-up). */
    public Lead add(Lead lead) {
        rows.put(lead.id(), lead);
        return lead;
    }

    /** Takes the lead out altogether, as if it had never been stored. */
    public void remove(LeadId id) {
        rows.remove(id);
        deletedAt.remove(id);
    }

    /** Runs {@code insert} once just before the next insertAllIfAbsent or insertNewLeads: a concurrent call's insert. */
    public void beforeNextInsertAll(Runnable insert) {
        beforeNextInsertAll = insert;
    }

    private void runConcurrentInsert() {
        Runnable hook = beforeNextInsertAll;
        beforeNextInsertAll = () -> {};
        hook.run();
    }

    /** Every stored lead, deleted ones included, in insertion order. */
    public List<Lead> all() {
        return List.copyOf(rows.values());
    }

    private Stream<Lead> live(WorkspaceId ws) {
        return rows.values().stream().filter(l -> l.workspaceId().equals(ws) && !deletedAt.containsKey(l.id()));
    }

    private boolean conflicts(Lead lead) {
        return live(lead.workspaceId()).anyMatch(o -> !o.id().equals(lead.id())
                && (lead.phone().isPresent() && lead.phone().equals(o.phone())
                        || lead.email().isPresent() && lead.email().equals(o.email())));
    }

    @Override
    public void insert(Lead lead) {
        if (!insertIfAbsent(lead)) {
            throw new IllegalStateException("duplicate phone or email");
        }
    }

    @Override
    public Optional<Lead> findById(WorkspaceId workspaceId, LeadId id) {
        return live(workspaceId).filter(l -> l.id().equals(id)).findFirst();
    }

    @Override
    public List<Lead> findAllById(WorkspaceId workspaceId, Collection<LeadId> ids) {
        return live(workspaceId).filter(l -> ids.contains(l.id())).toList();
    }

    @Override
    public Optional<Lead> findByPhone(WorkspaceId workspaceId, E164Phone phone) {
        return live(workspaceId).filter(l -> l.phone().equals(Optional.of(phone))).findFirst()
                .or(() -> live(workspaceId).filter(l -> l.altPhones().contains(phone)).min(Comparator.comparing(Lead::createdAt)));
    }

    @Override
    public Optional<Lead> findByEmail(WorkspaceId workspaceId, EmailAddress email) {
        return live(workspaceId).filter(l -> l.email().equals(Optional.of(email))).findFirst()
                .or(() -> live(workspaceId).filter(l -> l.altEmails().contains(email)).min(Comparator.comparing(Lead::createdAt)));
    }

    @Override
    public boolean insertIfAbsent(Lead lead) {
        if (rows.containsKey(lead.id()) || conflicts(lead)) {
            return false;
        }
        rows.put(lead.id(), lead);
        return true;
    }

    @Override
    public List<Lead> findMatching(WorkspaceId workspaceId, Collection<E164Phone> phones, Collection<EmailAddress> emails) {
        return live(workspaceId).filter(l -> l.phone().filter(phones::contains).isPresent()
                        || l.email().filter(emails::contains).isPresent()
                        || l.altPhones().stream().anyMatch(phones::contains)
                        || l.altEmails().stream().anyMatch(emails::contains))
                .sorted(Comparator.comparing(Lead::createdAt).thenComparing(l -> l.id().value()))
                .toList();
    }

    @Override
    public List<Boolean> insertAllIfAbsent(List<Lead> leads) {
        runConcurrentInsert();
        return leads.stream().map(this::insertIfAbsent).toList();
    }

    /** As PostgreSQL does: with {@link OnConflict#FAIL} a taken phone or email refuses the whole write, nothing stored. */
    @Override
    public List<Boolean> insertNewLeads(List<Lead> leads, OnConflict onConflict) {
        if (onConflict == OnConflict.SKIP) {
            return insertAllIfAbsent(leads);
        }
        runConcurrentInsert();
        leads.stream().filter(l -> rows.containsKey(l.id()) || conflicts(l)).findFirst().ifPresent(l -> {
            throw new InMemoryDuplicate("lead " + l.id().value());
        });
        leads.forEach(l -> rows.put(l.id(), l));
        return leads.stream().map(l -> true).toList();
    }

    @Override
    public boolean update(Lead lead) {
        if (findById(lead.workspaceId(), lead.id()).isEmpty() || conflicts(lead)) {
            return false;
        }
        rows.put(lead.id(), lead);
        return true;
    }

    @Override
    public List<LeadId> delete(WorkspaceId workspaceId, Collection<LeadId> ids, Instant at) {
        List<LeadId> deleted = new ArrayList<>();
        for (LeadId id : ids) {
            if (findById(workspaceId, id).isPresent()) {
                deletedAt.put(id, at);
                deleted.add(id);
            }
        }
        return deleted;
    }

    @Override
    public SearchResult search(WorkspaceId workspaceId, Optional<String> search, Optional<String> listId, int offset, int limit) {
        Optional<String> q = search.map(s -> s.toLowerCase(Locale.ROOT));
        List<Lead> matching = live(workspaceId)
                .filter(l -> listId.isEmpty() || l.listId().equals(listId))
                .filter(l -> q.isEmpty() || Stream.of(l.firstName(), l.lastName(), l.companyName(),
                                l.email().map(EmailAddress::value).orElse(""), l.phone().map(E164Phone::value).orElse(""))
                        .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains(q.get())))
                .sorted(Comparator.comparing(Lead::createdAt).thenComparing(l -> l.id().value()).reversed())
                .toList();
        return new SearchResult(matching.stream().skip(offset).limit(limit).toList(), matching.size());
    }

    @Override
    public void setAvailability(WorkspaceId workspaceId, LeadId id, Availability status, Instant at) {
        findById(workspaceId, id).ifPresent(l -> rows.put(id, new Lead(l.id(), l.workspaceId(), l.firstName(), l.lastName(),
                l.phone(), l.email(), l.altPhones(), l.altEmails(), l.companyName(), l.jobTitle(), l.notes(), l.customFields(),
                l.listId(), l.source(), l.createdAt(), l.updatedAt(), Optional.of(status))));
    }

    @Override
    public void updateAlternates(WorkspaceId workspaceId, LeadId id, List<E164Phone> altPhones, List<EmailAddress> altEmails,
            Instant at) {
        findById(workspaceId, id).ifPresent(l -> rows.put(id, new Lead(l.id(), l.workspaceId(), l.firstName(), l.lastName(),
                l.phone(), l.email(), altPhones, altEmails, l.companyName(), l.jobTitle(), l.notes(), l.customFields(),
                l.listId(), l.source(), l.createdAt(), at, l.availability())));
    }
}
