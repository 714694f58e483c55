package ai.tuco.application.port.in;

import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.Actor;

/** Changes a lead's fields; phones and emails are normalised and must not belong to another lead. */
public interface UpdateLeadUseCase {
    Lead update(Caller caller, Actor actor, String leadId, LeadInput changes);
}
