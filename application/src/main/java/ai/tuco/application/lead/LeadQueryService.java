package ai.tuco.application.lead;

import ai.tuco.application.lead.port.in.LeadQuery;
import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.PageRequest;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.LeadId;
import java.util.Optional;

/** Reads one lead, or a page of the workspace's leads. */
public final class LeadQueryService implements LeadQuery {
    private final LeadRepository leads;

    public LeadQueryService(LeadRepository leads) {
        this.leads = leads;
    }

    @Override
    public Lead get(Caller caller, LeadId leadId) {
        return leads.findById(caller.workspace().id(), leadId).orElseThrow(() -> UseCaseException.notFound("Lead"));
    }

    @Override
    public LeadPage search(Caller caller, Optional<String> text, Optional<String> listId, PageRequest page) {
        var result = leads.search(caller.workspace().id(), text, listId, page.offset(), page.limit());
        return new LeadPage(result.leads(), page.page(), page.limit(), result.total());
    }
}
