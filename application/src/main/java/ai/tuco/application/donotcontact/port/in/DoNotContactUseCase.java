package ai.tuco.application.donotcontact.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.PageRequest;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.lead.DoNotContact;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.DoNotContactId;
import java.util.List;
import java.util.Optional;

/** The workspace's do-not-contact list: sends to a listed address end failed with DO_NOT_CONTACT. */
public interface DoNotContactUseCase {
    /**
     * Lists the address; adding one that is already listed is not an error: the existing entry comes back unchanged
     * with {@code created} false (an opt-out list is "make sure it is on it").
     */
    Added add(Caller caller, Actor actor, Optional<String> phone, Optional<String> email, Optional<String> reason);

    /** The entry for the address, and whether this call created it. */
    record Added(DoNotContact entry, boolean created) {}

    /** Newest first; @param search matched against the phone, the email and the reason */
    DncPage list(Caller caller, Optional<String> search, PageRequest page);

    /** @throws UseCaseException NOT_FOUND for an unknown or foreign id */
    void remove(Caller caller, Actor actor, DoNotContactId id);

    record DncPage(List<DoNotContact> entries, int page, int limit, long totalCount) {
        public long totalPages() {
            return (totalCount + limit - 1) / limit;
        }
    }
}
