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

    /**
     * The lead, alone (the batch's one-read path found nothing it could use); its alternates are not saved here.
     *
     * @throws UseCaseException NOT_FOUND for an unknown {@code leadId}
     */
    Choice resolve(WorkspaceId ws, MessageRequestValidator.Valid v, Instant now) {
        if (v.leadId().isPresent()) {
            return new Choice(leads.findById(ws, v.leadId().get()).orElseThrow(() -> UseCaseException.notFound("Lead")), false);
        }
        return matchOrCreate(ws, v, now);
    }

    /** The address a raw-contact request is matched on: its phone for a phone channel, else its email. */
    static Optional<String> matchKey(MessageRequestValidator.Valid v) {
        if (v.leadId().isPresent()) {
            return Optional.empty();
        }
        return byPhone(v) ? v.recipientPhone().map(p -> "p:" + p.value()) : v.recipientEmail().map(e -> "e:" + e.value());
    }

    /** Adds the address {@link #matchKey} is made of (none when the request names its lead) to its list. */
    static void matchAddress(MessageRequestValidator.Valid v, List<E164Phone> phones, List<EmailAddress> emails) {
        if (v.leadId().isPresent()) {
            return;
        }
        if (byPhone(v)) {
            phones.add(v.recipientPhone().get());
        } else {
            v.recipientEmail().ifPresent(emails::add);
        }
    }

    /**
     * Among live leads found by any of their addresses, the one this request matches as {@link #resolve} would: the
     * lead whose primary address it is, else the oldest listing it as an alternative.
     *
     * @param found ordered by creation, oldest first
     */
    static Optional<Lead> bestMatch(List<Lead> found, MessageRequestValidator.Valid v) {
        if (byPhone(v)) {
            E164Phone p = v.recipientPhone().get();
            return found.stream().filter(l -> l.phone().equals(Optional.of(p))).findFirst()
                    .or(() -> found.stream().filter(l -> l.altPhones().contains(p)).findFirst());
        }
        return v.recipientEmail().flatMap(e -> found.stream().filter(l -> l.email().equals(Optional.of(e))).findFirst()
                .or(() -> found.stream().filter(l -> l.altEmails().contains(e)).findFirst()));
    }

    /** The lead a raw-contact request creates when it matches none, with an id given in advance. */
    static Lead fresh(WorkspaceId ws, MessageRequestValidator.Valid v, LeadId id, Instant now) {
        return newLead(id, ws, v, v.recipientPhone(), v.recipientEmail(), now);
    }

    private Optional<Lead> match(WorkspaceId ws, MessageRequestValidator.Valid v) {
        return byPhone(v)
                ? leads.findByPhone(ws, v.recipientPhone().get())
                : v.recipientEmail().flatMap(e -> leads.findByEmail(ws, e));
    }

    /** Whether a raw-contact request is matched on its phone (else on its email). */
    static boolean byPhone(MessageRequestValidator.Valid v) {
        return v.channel().usesPhone() && v.recipientPhone().isPresent();
    }

    private Choice matchOrCreate(WorkspaceId ws, MessageRequestValidator.Valid v, Instant now) {
        Lead fresh = fresh(ws, v, new LeadId(ids.newId()), now);
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
        Lead narrower = newLead(new LeadId(ids.newId()), ws, v,
                byPhone(v) ? v.recipientPhone() : Optional.empty(), byPhone(v) ? Optional.empty() : v.recipientEmail(), now);
        if (leads.insertIfAbsent(narrower)) {
            return new Choice(narrower, true);
        }
        return new Choice(match(ws, v).orElseThrow(() -> new IllegalStateException("lead vanished while matching")), false);
    }

    /** A new lead named after the request's recipientName ("First Last..."), at the given addresses. */
    private static Lead newLead(LeadId id, WorkspaceId ws, MessageRequestValidator.Valid v, Optional<E164Phone> phone,
            Optional<EmailAddress> email, Instant now) {
        String name = v.recipientName().orElse("");
        int space = name.indexOf(' ');
        String first = space < 0 ? name : name.substring(0, space);
        String last = space < 0 ? "" : name.substring(space + 1).strip();
        return new Lead(id, ws, first, last, phone, email, List.of(), List.of(), "", "", "", Map.of(), Optional.empty(),
                "api", now, now);
    }

    /**
     * The lead with the request's alternates: altPhoneN / altEmailN replace slot N. Nothing is written; {@link
     * #saveAlternates} stores them once the message is sure to be accepted.
     */
    static Lead withAlternates(Lead lead, MessageRequestValidator.Valid v, Instant now) {
        if (v.altPhones().stream().allMatch(Optional::isEmpty) && v.altEmails().stream().allMatch(Optional::isEmpty)) {
            return lead;
        }
        return new Lead(lead.id(), lead.workspaceId(), lead.firstName(), lead.lastName(), lead.phone(), lead.email(),
                merge(lead.altPhones(), v.altPhones()), merge(lead.altEmails(), v.altEmails()), lead.companyName(),
                lead.jobTitle(), lead.notes(), lead.customFields(), lead.listId(), lead.source(), lead.createdAt(), now,
                lead.availability(), lead.lastReplyAt());
    }

    /** Stores the alternates {@link #withAlternates} gave the lead, when the request named any. */
    void saveAlternates(Lead lead, MessageRequestValidator.Valid v, Instant now) {
        if (v.altPhones().stream().anyMatch(Optional::isPresent) || v.altEmails().stream().anyMatch(Optional::isPresent)) {
            leads.updateAlternates(lead.workspaceId(), lead.id(), lead.altPhones(), lead.altEmails(), now);
        }
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
