package ai.tuco.application.lead.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.lead.Availability;
import ai.tuco.domain.shared.LeadId;

/** {@code GET /api/leads/check-availability}: can the lead receive iMessage? Records the answer on the lead. */
public interface CheckAvailabilityUseCase {
    /** @throws UseCaseException NOT_FOUND for an unknown, deleted or foreign lead */
    Checked check(Caller caller, LeadId leadId);

    record Checked(LeadId leadId, Availability status) {
        public boolean available() {
            return status == Availability.AVAILABLE;
        }
    }
}
