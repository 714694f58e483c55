package ai.tuco.application.donotcontact.port.out;

import ai.tuco.domain.lead.DoNotContact;
import ai.tuco.domain.shared.DoNotContactId;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.WorkspaceId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The do-not-contact list in storage. */
public interface DoNotContactRepository {
    /** @return false when the workspace already lists that address */
    boolean insert(DoNotContact entry);

    /** The workspace's entry for this phone or email, if it lists it. */
    Optional<DoNotContact> findByAddress(WorkspaceId workspaceId, Optional<E164Phone> phone, Optional<EmailAddress> email);

    /**
     * Removes the workspace's entry for this phone or email when its source is one of {@code sources} (an entry of any
     * other source stays); @return the entries removed
     */
    List<DoNotContact> deleteByAddress(WorkspaceId workspaceId, Optional<E164Phone> phone, Optional<EmailAddress> email,
            Set<String> sources);

    /** @return false when the workspace has no such entry */
    boolean delete(WorkspaceId workspaceId, DoNotContactId id);

    /** Newest first; {@code search} matches the phone, the email or the reason. */
    Page list(WorkspaceId workspaceId, Optional<String> search, int offset, int limit);

    record Page(List<DoNotContact> entries, long total) {}
}
