package ai.tuco.application.lead;

import ai.tuco.application.lead.port.in.LeadChanges;
import ai.tuco.application.lead.port.in.LeadInput;
import ai.tuco.application.lead.port.in.UpdateLeadUseCase;
import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.LeadId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/** Changes a lead's fields; its phone and email must stay its own within the workspace. */
public final class UpdateLeadService implements UpdateLeadUseCase {
    private final LeadRepository leads;
    private final LeadFields fields;
    private final AuditLog audit;
    private final TransactionRunner tx;
    private final Clock clock;

    public UpdateLeadService(LeadRepository leads, PhoneNormalizer phones, AuditLog audit, TransactionRunner tx, Clock clock) {
        this.leads = leads;
        this.fields = new LeadFields(phones);
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public LeadChanges check(Caller caller, LeadInput input) {
        caller.requireWritable();
        LeadFields.Checked checked = fields.check(input, caller.workspace().defaultCountry());
        return checked.changes().orElseThrow(() -> UseCaseException.invalid(checked.errors()));
    }

    @Override
    public Lead update(Caller caller, Actor actor, LeadId leadId, LeadChanges changes) {
        caller.requireWritable();
        // the field an address error names: the one the client changed
        String addressField = changes.phone().isPresent() ? "phone" : "email";
        return tx.inTransaction(() -> {
            Lead current = leads.findById(caller.workspace().id(), leadId).orElseThrow(() -> UseCaseException.notFound("Lead"));
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Lead changed = LeadFields.apply(current, changes, now);
            if (!changed.hasPhoneOrEmail()) {
                // as on import: a lead nobody can be reached at is refused, not kept
                throw UseCaseException.invalid(addressField, Lead.NEEDS_AN_ADDRESS);
            }
            if (!leads.update(changed)) {
                throw UseCaseException.invalid(addressField, "another lead of this workspace already has this phone or email");
            }
            audit.append(new AuditLog.Entry(Optional.of(caller.workspace().id()), actor, "lead.update", "lead", leadId.value(),
                    now, Map.of()));
            return changed;
        });
    }
}
