package ai.tuco.application.lead.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.LeadId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates up to 1,000 leads in one call. A lead whose phone or email already belongs to a lead of the workspace
 * (or to an earlier lead of the same call) is not created again; invalid entries are reported by index while the
 * valid ones are still saved.
 */
public interface ImportLeadsUseCase {
    int MAX_LEADS = 1_000;

    ImportResult importLeads(ImportLeadsCommand command);

    /** @param defaultCountryCode calling code such as "+1" for phones written without one */
    record ImportLeadsCommand(Caller caller, Actor actor, List<LeadInput> leads, Optional<String> listId,
            Optional<String> source, Optional<String> defaultCountryCode) {
        public ImportLeadsCommand {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(actor, "actor");
            leads = List.copyOf(leads);
        }
    }

    /** One invalid entry of the call. */
    record EntryError(int index, String field, String message) {}

    /**
     * @param leadIds created, in input order; @param existingLeadIds matched instead of created (one per duplicate entry)
     */
    record ImportResult(List<LeadId> leadIds, List<LeadId> existingLeadIds, int duplicateCount, int totalProcessed,
            List<EntryError> errors) {}
}
