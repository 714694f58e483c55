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
import ai.tuco.domain.shared.LineId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
    }

    /** @return the claims, in the queue's order */
    public List<Claim> claim(String owner) {
        return tx.inTransaction(() -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            List<DispatchQueue.Candidate> due = queue.lockDue(now, settings.batchSize());
            // Reserve line by line in id order: two dispatchers never wait for each other's lines in a cycle.
            List<DispatchQueue.Candidate> byLine = new ArrayList<>(due);
            byLine.sort(Comparator.comparing((DispatchQueue.Candidate c) -> c.message().lineId().value()));
            Map<LineId, Line> lineCache = new HashMap<>();
            Map<String, Claim> claimed = new HashMap<>();
            for (DispatchQueue.Candidate c : byLine) {
                Line line = lineCache.computeIfAbsent(c.message().lineId(),
                        id -> lines.findById(c.message().workspaceId(), id).orElseThrow());
                prepare(c.message(), line, owner, now).ifPresent(claim -> claimed.put(claim.messageId().value(), claim));
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

    /** Everything decided before a provider is called; empty when the message does not go out now. */
    private Optional<Claim> prepare(Message m, Line line, String owner, Instant now) {
        if (m.window().isPresent() && !m.window().get().contains(now)) {
            Transition wait = m.waitForWindow(now);
            messages.recordTransition(wait);
            queue.reschedule(m.id(), wait.message().dueAt());
            return Optional.empty();
        }
        Optional<Lead> lead = leads.findById(m.workspaceId(), m.leadId());
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
        List<String> candidates = addresses(m, lead.get());
        Set<String> blocked = candidates.isEmpty() ? Set.of() : dnc.blocked(m.workspaceId(), candidates);
        List<String> allowed = candidates.stream().filter(a -> !blocked.contains(a)).toList();
        if (allowed.isEmpty()) {
            if (blocked.isEmpty()) {
                failBeforeSend(m, now, "NO_ADDRESS", "The lead has no address this " + m.channel().wireName() + " message can go to");
            } else {
                failBeforeSend(m, now, "DO_NOT_CONTACT", "Every address of the recipient is on the do-not-contact list: "
                        + String.join(", ", blocked.stream().sorted().toList()));
            }
            return Optional.empty();
        }
        LineGate.Reservation reservation = gate.reserve(line.id(), m.leadId(), now, m.channel() == Channel.EMAIL);
        if (reservation instanceof LineGate.Reservation.Closed closed) {
            tx.afterCommit(() -> metrics.deferred(closed.reason()));
            return Optional.empty(); // the row stays as it was: queued, not rewritten; the gate now skips the line
        }
        LineGate.Reservation.Reserved reserved = (LineGate.Reservation.Reserved) reservation;
        int attempt = queue.lease(m.id(), owner, now.plus(settings.lease()), Optional.of(reserved));
        if (m.status() != MessageStatus.SENDING) {
            messages.recordTransition(m.claim(now));
        }
        String text = ((RenderResult.Rendered) rendered).text();
        return Optional.of(new Claim(m.id(), m.workspaceId(), m.leadId(), owner, attempt, line, m.channel(), allowed,
                m.subject(), text));
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
