package ai.tuco.application.lead.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.LeadId;

/**
 * Changes a lead's fields; phones and emails are normalised and must not belong to another lead. Two steps because
 * the contract reports a bad body (400) before an unknown lead (404): {@link #check} the body, then {@link #update}.
 */
public interface UpdateLeadUseCase {
    /** @throws UseCaseException READ_ONLY, or INVALID with one detail per broken field */
    LeadChanges check(Caller caller, LeadInput input);

    /**
     * @throws UseCaseException NOT_FOUND for an unknown, deleted or foreign lead; INVALID when the lead would be left
     *         without phone and email, or another lead of the workspace has its phone or email
     */
    Lead update(Caller caller, Actor actor, LeadId leadId, LeadChanges changes);
}
