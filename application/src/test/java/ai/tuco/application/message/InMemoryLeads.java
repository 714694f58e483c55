package ai.tuco.application.message;

import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.domain.lead.Availability;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Leads in memory, with the lookups accepting a message uses; the bulk and search operations are not needed here. */
final class InMemoryLeads implements LeadRepository {
    final List<Lead> leads = new ArrayList<>();

    InMemoryLeads add(Lead lead) {
        leads.add(lead);
        return this;
    }

    @Override
    public void insert(Lead lead) {
        leads.add(lead);
    }

    @Override
    public Optional<Lead> findById(WorkspaceId workspaceId, LeadId id) {
        return inWorkspace(workspaceId).stream().filter(l -> l.id().equals(id)).findFirst();
    }

    @Override
    public Optional<Lead> findByPhone(WorkspaceId workspaceId, E164Phone phone) {
        return inWorkspace(workspaceId).stream().filter(l -> l.phone().equals(Optional.of(phone))).findFirst()
                .or(() -> inWorkspace(workspaceId).stream().filter(l -> l.altPhones().contains(phone)).findFirst());
    }

    @Override
    public Optional<Lead> findByEmail(WorkspaceId workspaceId, EmailAddress email) {
        return inWorkspace(workspaceId).stream().filter(l -> l.email().equals(Optional.of(email))).findFirst()
                .or(() -> inWorkspace(workspaceId).stream().filter(l -> l.altEmails().contains(email)).findFirst());
    }

    @Override
    public boolean insertIfAbsent(Lead lead) {
        boolean taken = inWorkspace(lead.workspaceId()).stream().anyMatch(l ->
                (lead.phone().isPresent() && l.phone().equals(lead.phone()))
                        || (lead.email().isPresent() && l.email().equals(lead.email())));
        if (!taken) {
            leads.add(lead);
        }
        return !taken;
    }

    @Override
    public void updateAlternates(WorkspaceId workspaceId, LeadId id, List<E164Phone> altPhones, List<EmailAddress> altEmails, Instant at) {
        leads.replaceAll(l -> !l.id().equals(id) ? l : new Lead(l.id(), l.workspaceId(), l.firstName(), l.lastName(), l.phone(),
                l.email(), altPhones, altEmails, l.companyName(), l.jobTitle(), l.notes(), l.customFields(), l.listId(),
                l.source(), l.createdAt(), at, l.availability()));
    }

    private List<Lead> inWorkspace(WorkspaceId workspaceId) {
        return leads.stream().filter(l -> l.workspaceId().equals(workspaceId)).toList();
    }

    @Override
    public List<Lead> findMatching(WorkspaceId workspaceId, Collection<E164Phone> phones, Collection<EmailAddress> emails) {
        throw new UnsupportedOperationException("not used when accepting a message");
    }

    @Override
    public List<Boolean> insertAllIfAbsent(List<Lead> leads) {
        throw new UnsupportedOperationException("not used when accepting a message");
    }

    @Override
    public boolean update(Lead lead) {
        throw new UnsupportedOperationException("not used when accepting a message");
    }

    @Override
    public List<LeadId> delete(WorkspaceId workspaceId, Collection<LeadId> ids, Instant at) {
        throw new UnsupportedOperationException("not used when accepting a message");
    }

    @Override
    public SearchResult search(WorkspaceId workspaceId, Optional<String> search, Optional<String> listId, int offset, int limit) {
        throw new UnsupportedOperationException("not used when accepting a message");
    }

    @Override
    public void setAvailability(WorkspaceId workspaceId, LeadId id, Availability status, Instant at) {
        throw new UnsupportedOperationException("not used when accepting a message");
    }
}
