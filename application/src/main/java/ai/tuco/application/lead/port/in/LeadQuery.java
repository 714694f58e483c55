package ai.tuco.application.lead.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.lead.Lead;
import java.util.List;
import java.util.Optional;

/** Reads leads of the caller's workspace. */
public interface LeadQuery {
    /** @throws UseCaseException NOT_FOUND for a malformed, unknown, deleted or foreign id */
    Lead get(Caller caller, String leadId);

    /** Case-insensitive search over names, email, phone and company; raw page (from 1) and limit (1–100, default 50). */
    LeadPage search(Caller caller, Optional<String> search, Optional<String> listId, Optional<String> page, Optional<String> limit);

    record LeadPage(List<Lead> leads, int page, int limit, long totalCount) {
        public long totalPages() {
            return (totalCount + limit - 1) / limit;
        }
    }
}
