package ai.tuco.application.message;

import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lead a new message is for: the one named by {@code leadId}, else the lead its raw address matches, else a new
 * lead with that address; the request's alternate addresses are then saved onto it.
 */
final class LeadForMessage {
    private final LeadRepository leads;
    private final IdGenerator ids;

    LeadForMessage(LeadRepository leads, IdGenerator ids) {
        this.leads = leads;
        this.ids = ids;
    }

    /** The lead, and whether this request created it. */
    record Choice(Lead lead, boolean created) {}

    /** @throws UseCaseException NOT_FOUND for an unknown {@code leadId} */
    Choice resolve(WorkspaceId ws, MessageRequestValidator.Valid v, Instant now) {
        Choice choice;
        if (v.leadId().isPresent()) {
            choice = new Choice(leads.findById(ws, v.leadId().get()).orElseThrow(() -> UseCaseException.notFound("Lead")), false);
        } else {
            choice = matchOrCreate(ws, v, now);
        }
        return new Choice(saveAlternates(choice.lead(), v, now), choice.created());
    }

    private Optional<Lead> match(WorkspaceId ws, MessageRequestValidator.Valid v) {
        return byPhone(v)
                ? leads.findByPhone(ws, v.recipientPhone().get())
                : v.recipientEmail().flatMap(e -> leads.findByEmail(ws, e));
    }

    private static boolean byPhone(MessageRequestValidator.Valid v) {
        return v.channel().usesPhone() && v.recipientPhone().isPresent();
    }

    private Choice matchOrCreate(WorkspaceId ws, MessageRequestValidator.Valid v, Instant now) {
        String name = v.recipientName().orElse("");
        int space = name.indexOf(' ');
        String first = space < 0 ? name : name.substring(0, space);
        String last = space < 0 ? "" : name.substring(space + 1).strip();
        Lead fresh = newLead(ws, first, last, v.recipientPhone(), v.recipientEmail(), now);
        // The match and, when it finds nothing, the insert: one round trip in the common cases.
        Optional<LeadRepository.Resolved> resolved = leads.findOrInsert(fresh, byPhone(v));
        if (resolved.isPresent()) {
            return new Choice(resolved.get().lead(), resolved.get().created());
        }
        // A concurrent request created it, or the other address belongs to another lead.
        Optional<Lead> existing = match(ws, v);
        if (existing.isPresent()) {
            return new Choice(existing.get(), false);
        }
        Lead narrower = newLead(ws, first, last,
                byPhone(v) ? v.recipientPhone() : Optional.empty(), byPhone(v) ? Optional.empty() : v.recipientEmail(), now);
        if (leads.insertIfAbsent(narrower)) {
            return new Choice(narrower, true);
        }
        return new Choice(match(ws, v).orElseThrow(() -> new IllegalStateException("lead vanished while matching")), false);
    }

    private Lead newLead(WorkspaceId ws, String first, String last, Optional<E164Phone> phone, Optional<EmailAddress> email, Instant now) {
        return new Lead(new LeadId(ids.newId()), ws, first, last, phone, email, List.of(), List.of(), "", "", "",
                Map.of(), Optional.empty(), "api", now, now);
    }

    /** altPhoneN / altEmailN given in the request replace slot N of the lead's alternates. */
    private Lead saveAlternates(Lead lead, MessageRequestValidator.Valid v, Instant now) {
        if (v.altPhones().stream().allMatch(Optional::isEmpty) && v.altEmails().stream().allMatch(Optional::isEmpty)) {
            return lead;
        }
        List<E164Phone> phones = merge(lead.altPhones(), v.altPhones());
        List<EmailAddress> emails = merge(lead.altEmails(), v.altEmails());
        leads.updateAlternates(lead.workspaceId(), lead.id(), phones, emails, now);
        return new Lead(lead.id(), lead.workspaceId(), lead.firstName(), lead.lastName(), lead.phone(), lead.email(),
                phones, emails, lead.companyName(), lead.jobTitle(), lead.notes(), lead.customFields(), lead.listId(),
                lead.source(), lead.createdAt(), now, lead.availability(), lead.lastReplyAt());
    }

    private static <T> List<T> merge(List<T> current, List<Optional<T>> given) {
        List<T> slots = new ArrayList<>(current);
        for (int i = 0; i < given.size(); i++) {
            if (given.get(i).isPresent()) {
                if (i < slots.size()) {
                    slots.set(i, given.get(i).get());
                } else {
                    slots.add(given.get(i).get());
                }
            }
        }
        return slots.stream().distinct().limit(Lead.MAX_ALTERNATES).toList();
    }
}
