package ai.tuco.application.port.out;

import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stores leads (the people a workspace writes to). */
public interface LeadRepository {
    void insert(Lead lead);

    Optional<Lead> findById(WorkspaceId workspaceId, LeadId id);

    /** The live lead whose phone, else one of whose alternate phones, is {@code phone}. */
    Optional<Lead> findByPhone(WorkspaceId workspaceId, E164Phone phone);

    /** The live lead whose email, else one of whose alternate emails, is {@code email}. */
    Optional<Lead> findByEmail(WorkspaceId workspaceId, EmailAddress email);

    /** Inserts unless a live lead of the workspace already has its phone or email; @return whether it was inserted. */
    boolean insertIfAbsent(Lead lead);

    void updateAlternates(WorkspaceId workspaceId, LeadId id, List<E164Phone> altPhones, List<EmailAddress> altEmails, Instant at);
}
