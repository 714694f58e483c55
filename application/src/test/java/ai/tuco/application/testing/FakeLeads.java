package ai.tuco.application.testing;

import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.domain.lead.Availability;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Leads by id; only the lookups message and dispatch tests need (the rest throw). */
public final class FakeLeads implements LeadRepository {
    private final Map<LeadId, Lead> leads = new LinkedHashMap<>();

    public Lead add(Lead lead) {
        leads.put(lead.id(), lead);
        return lead;
    }

    public void remove(LeadId id) {
        leads.remove(id);
    }

    @Override
    public Optional<Lead> findById(WorkspaceId workspaceId, LeadId id) {
        return Optional.ofNullable(leads.get(id)).filter(l -> l.workspaceId().equals(workspaceId));
    }

    @Override
    public void insert(Lead lead) {
        add(lead);
    }

    @Override
    public Optional<Lead> findByPhone(WorkspaceId workspaceId, E164Phone phone) {
        throw unsupported();
    }

    @Override
    public Optional<Lead> findByEmail(WorkspaceId workspaceId, EmailAddress email) {
        throw unsupported();
    }

    @Override
    public boolean insertIfAbsent(Lead lead) {
        throw unsupported();
    }

    @Override
    public List<Lead> findMatching(WorkspaceId workspaceId, Collection<E164Phone> phones, Collection<EmailAddress> emails) {
        throw unsupported();
    }

    @Override
    public List<Boolean> insertAllIfAbsent(List<Lead> leads) {
        throw unsupported();
    }

    @Override
    public boolean update(Lead lead) {
        throw unsupported();
    }

    @Override
    public List<LeadId> delete(WorkspaceId workspaceId, Collection<LeadId> ids, Instant at) {
        throw unsupported();
    }

    @Override
    public SearchResult search(WorkspaceId workspaceId, Optional<String> search, Optional<String> listId, int offset, int limit) {
        throw unsupported();
    }

    @Override
    public void setAvailability(WorkspaceId workspaceId, LeadId id, Availability status, Instant at) {
        throw unsupported();
    }

    @Override
    public void updateAlternates(WorkspaceId workspaceId, LeadId id, List<E164Phone> altPhones,
            List<EmailAddress> altEmails, Instant at) {
        throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("not needed by these tests");
    }
}
