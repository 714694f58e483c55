package ai.tuco.application.dispatch;

import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Claim;
import ai.tuco.application.dispatch.port.out.DispatchMetrics;
import ai.tuco.application.dispatch.port.out.DispatchQueue;
import ai.tuco.application.dispatch.port.out.LineGate;
import ai.tuco.application.donotcontact.port.out.DoNotContactCheck;
import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.message.RenderResult;
import ai.tuco.domain.message.Template;
import ai.tuco.domain.message.TemplateFields;
import ai.tuco.domain.message.Transition;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The claim step, one transaction: lock due rows of open lines (SKIP LOCKED), then per message check its window, lead,
 * template and addresses, reserve the line's usage and take the lease, committing the message as {@code sending}.
 * A message that cannot go out (lead deleted, missing field, no address, do-not-contact) is finished here; one whose
 * window closed waits for the next opening; one whose line's gate is closed is left untouched.
 */
public final class ClaimDueMessages {
    private final TransactionRunner tx;
    private final DispatchQueue queue;
    private final LineGate gate;
    private final MessageRepository messages;
    private final LeadRepository leads;
    private final LineRepository lines;
    private final DoNotContactCheck dnc;
    private final DispatchSettings settings;
    private final Clock clock;
    private final DispatchMetrics metrics;
    private final ClaimSizes sizes;

    public ClaimDueMessages(TransactionRunner tx, DispatchQueue queue, LineGate gate, MessageRepository messages,
            LeadRepository leads, LineRepository lines, DoNotContactCheck dnc, DispatchSettings settings, Clock clock) {
        this(tx, queue, gate, messages, leads, lines, dnc, settings, clock, DispatchMetrics.NONE);
    }

    /** @param metrics told of each claim that found its line's gate closed */
    public ClaimDueMessages(TransactionRunner tx, DispatchQueue queue, LineGate gate, MessageRepository messages,
            LeadRepository leads, LineRepository lines, DoNotContactCheck dnc, DispatchSettings settings, Clock clock,
            DispatchMetrics metrics) {
        this.tx = tx;
        this.queue = queue;
        this.gate = gate;
        this.messages = messages;
        this.leads = leads;
        this.lines = lines;
        this.dnc = dnc;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.sizes = new ClaimSizes(settings.claimSpan(), settings.perLine());
    }

    /** One send of a claim on {@code line} took {@code took}, provider call and outcome: sizes its next claims. */
    public void sent(LineId line, java.time.Duration took) {
        sizes.sent(line, took);
    }

    /** @return the claims, in the queue's order */
    public List<Claim> claim(String owner) {
        return tx.inTransaction(() -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            List<DispatchQueue.Candidate> due = queue.lockDue(now, settings.batchSize(), sizes.perLine());
            // Reserve line by line in id order: two dispatchers never wait for each other's lines in a cycle.
            List<DispatchQueue.Candidate> byLine = new ArrayList<>(due);
            byLine.sort(Comparator.comparing((DispatchQueue.Candidate c) -> c.message().lineId().value()));
            Map<LineId, Line> lineCache = new HashMap<>();
            Map<LeadId, Lead> leadsById = leadsOf(due);
            List<Ready> ready = new ArrayList<>();
            for (DispatchQueue.Candidate c : byLine) {
                Line line = lineCache.computeIfAbsent(c.message().lineId(),
                        id -> lines.findById(c.message().workspaceId(), id).orElseThrow());
                prepare(c.message(), line, Optional.ofNullable(leadsById.get(c.message().leadId())), now).ifPresent(ready::add);
            }
            List<Ready> allowed = withoutDoNotContact(ready, now);
            Map<String, Claim> claimed = new HashMap<>();
            for (Claim claim : reserveAndLease(allowed, owner, now)) {
                claimed.put(claim.messageId().value(), claim);
            }
            List<Claim> inQueueOrder = new ArrayList<>();
            for (DispatchQueue.Candidate c : due) {
                Claim claim = claimed.get(c.message().id().value());
                if (claim != null) {
                    inQueueOrder.add(claim);
                }
            }
            return inQueueOrder;
        });
    }

    /** A message that may go out now, rendered, with the addresses it could go to (before the do-not-contact list). */
    private record Ready(Message message, Line line, String text, List<String> candidates, List<String> allowed) {}

    /**
     * What can be decided without the database for one message; empty when it does not go out now (it waits for its
     * window, or was finished here).
     */
    private Optional<Ready> prepare(Message m, Line line, Optional<Lead> found, Instant now) {
        if (m.window().isPresent() && !m.window().get().contains(now)) {
            Transition wait = m.waitForWindow(now);
            messages.recordTransition(wait);
            queue.reschedule(m.id(), wait.message().dueAt());
            return Optional.empty();
        }
        Optional<Lead> lead = found.filter(l -> l.workspaceId().equals(m.workspaceId()));
        if (lead.isEmpty()) {
            String reason = "The lead was deleted before the message was sent";
            messages.recordTransition(m.status() == MessageStatus.SENDING
                    ? m.fail(now, "LEAD_DELETED", reason)
                    : m.cancel(now, "LEAD_DELETED", reason));
            return Optional.empty();
        }
        RenderResult rendered = Template.parse(m.template()).render(TemplateFields.valuesOf(lead.get()));
        if (rendered instanceof RenderResult.MissingField missing) {
            failBeforeSend(m, now, RenderResult.MissingField.ERROR_CODE, missing.errorMessage());
            return Optional.empty();
        }
        return Optional.of(new Ready(m, line, ((RenderResult.Rendered) rendered).text(), addresses(m, lead.get()), List.of()));
    }

    /** The live leads of the batch's messages, one look-up per workspace; a deleted lead is missing. */
    private Map<LeadId, Lead> leadsOf(List<DispatchQueue.Candidate> due) {
        Map<WorkspaceId, Set<LeadId>> wanted = new LinkedHashMap<>();
        for (DispatchQueue.Candidate c : due) {
            wanted.computeIfAbsent(c.message().workspaceId(), w -> new LinkedHashSet<>()).add(c.message().leadId());
        }
        Map<LeadId, Lead> out = new HashMap<>();
        wanted.forEach((w, ids) -> leads.findAllById(w, ids).forEach(l -> out.put(l.id(), l)));
        return out;
    }

    /** One do-not-contact look-up per workspace for the whole batch; a message left with no address is finished. */
    private List<Ready> withoutDoNotContact(List<Ready> ready, Instant now) {
        Map<WorkspaceId, Set<String>> asked = new LinkedHashMap<>();
        for (Ready r : ready) {
            asked.computeIfAbsent(r.message().workspaceId(), w -> new LinkedHashSet<>()).addAll(r.candidates());
        }
        Map<WorkspaceId, Set<String>> blockedBy = new HashMap<>();
        asked.forEach((w, addresses) -> blockedBy.put(w, addresses.isEmpty() ? Set.of() : dnc.blocked(w, addresses)));
        List<Ready> out = new ArrayList<>();
        for (Ready r : ready) {
            Message m = r.message();
            Set<String> all = blockedBy.get(m.workspaceId());
            List<String> blocked = r.candidates().stream().filter(all::contains).sorted().toList();
            List<String> allowed = r.candidates().stream().filter(a -> !all.contains(a)).toList();
            if (!allowed.isEmpty()) {
                out.add(new Ready(m, r.line(), r.text(), r.candidates(), allowed));
            } else if (blocked.isEmpty()) {
                failBeforeSend(m, now, "NO_ADDRESS", "The lead has no address this " + m.channel().wireName() + " message can go to");
            } else {
                failBeforeSend(m, now, "DO_NOT_CONTACT", "Every address of the recipient is on the do-not-contact list: "
                        + String.join(", ", blocked));
            }
        }
        return out;
    }

    /**
     * Each line's usage reserved for its messages in one go (lines in id order), then every lease taken and every
     * claim recorded in one statement each. A message whose line's gate is closed is left untouched.
     */
    private List<Claim> reserveAndLease(List<Ready> ready, String owner, Instant now) {
        Map<LineId, List<Ready>> perLine = new LinkedHashMap<>();
        ready.forEach(r -> perLine.computeIfAbsent(r.line().id(), id -> new ArrayList<>()).add(r));
        List<Ready> reservedFor = new ArrayList<>();
        List<DispatchQueue.NewLease> leasesToTake = new ArrayList<>();
        Instant leaseUntil = now.plus(settings.lease());
        perLine.forEach((line, group) -> {
            List<LineGate.Reservation> reservations = gate.reserveAll(line, group.stream()
                    .map(r -> new LineGate.Ask(r.message().leadId(), r.message().channel() == Channel.EMAIL)).toList(), now);
            for (int i = 0; i < group.size(); i++) {
                if (reservations.get(i) instanceof LineGate.Reservation.Reserved reserved) {
                    reservedFor.add(group.get(i));
                    leasesToTake.add(new DispatchQueue.NewLease(group.get(i).message().id(), owner, leaseUntil, Optional.of(reserved)));
                } else {
                    LineGate.Reservation.Closed closed = (LineGate.Reservation.Closed) reservations.get(i);
                    tx.afterCommit(() -> metrics.deferred(closed.reason())); // the row stays queued, not rewritten
                }
            }
        });
        List<Integer> attempts = queue.leaseAll(leasesToTake);
        List<Transition> claiming = new ArrayList<>();
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < reservedFor.size(); i++) {
            Ready r = reservedFor.get(i);
            Message m = r.message();
            Message claimed = m;
            if (m.status() != MessageStatus.SENDING) {
                Transition claim = m.claim(now);
                claiming.add(claim);
                claimed = claim.message();
            }
            claims.add(new Claim(owner, attempts.get(i), r.line(), r.allowed(), r.text(), claimed));
        }
        messages.recordTransitions(claiming);
        return claims;
    }

    private void failBeforeSend(Message m, Instant now, String code, String text) {
        Message sending = m;
        if (m.status() != MessageStatus.SENDING) {
            Transition claim = m.claim(now);
            messages.recordTransition(claim);
            sending = claim.message();
        }
        messages.recordTransition(sending.fail(now, code, text));
    }

    /**
     * The addresses to try, in the contract's order: the message's phone, the lead's alternate phones, the message's
     * email, the lead's alternate emails (phones only for SMS, emails only for email), each once.
     */
    static List<String> addresses(Message m, Lead lead) {
        Set<String> out = new LinkedHashSet<>();
        if (m.channel().usesPhone()) {
            m.recipientPhone().map(E164Phone::value).ifPresent(out::add);
            lead.altPhones().forEach(p -> out.add(p.value()));
        }
        if (m.channel() != Channel.SMS) {
            m.recipientEmail().map(EmailAddress::value).ifPresent(out::add);
            lead.altEmails().forEach(e -> out.add(e.value()));
        }
        return List.copyOf(out);
    }
}
