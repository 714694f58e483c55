package ai.tuco.application.lead.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.Actor;

/** Changes a lead's fields; phones and emails are normalised and must not belong to another lead. */
public interface UpdateLeadUseCase {
    Lead update(Caller caller, Actor actor, String leadId, LeadInput changes);
}
