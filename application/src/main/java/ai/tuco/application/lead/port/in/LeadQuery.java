package ai.tuco.application.lead.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.PageRequest;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.LeadId;
import java.util.List;
import java.util.Optional;

/** Reads leads of the caller's workspace. */
public interface LeadQuery {
    /** @throws UseCaseException NOT_FOUND for an unknown, deleted or foreign id */
    Lead get(Caller caller, LeadId leadId);

    /**
     * Leads newest first. @param text matched case-insensitively against names, email, phone and company;
     * @param listId only the leads of this list
     */
    LeadPage search(Caller caller, Optional<String> text, Optional<String> listId, PageRequest page);

    record LeadPage(List<Lead> leads, int page, int limit, long totalCount) {
        public long totalPages() {
            return (totalCount + limit - 1) / limit;
        }
    }
}
