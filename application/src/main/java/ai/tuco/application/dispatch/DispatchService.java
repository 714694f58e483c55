package ai.tuco.application.dispatch;

import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase;
import ai.tuco.application.dispatch.port.out.DispatchQueue;
import ai.tuco.application.dispatch.port.out.LineGate;
import ai.tuco.application.donotcontact.port.out.DoNotContactCheck;
import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.message.FallbackSms;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.provider.ProviderCalls;
import ai.tuco.application.provider.port.out.ChannelSender.SendResult;
import ai.tuco.application.provider.port.out.ChannelSender;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.message.RenderResult;
import ai.tuco.domain.message.Template;
import ai.tuco.domain.message.TemplateFields;
import ai.tuco.domain.message.Transition;
import ai.tuco.domain.message.WindowWait;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LineId;
import java.time.Clock;
import java.time.Duration;
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
import java.util.concurrent.ExecutorService;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The dispatch engine. {@link #claim} runs one transaction: lock due rows of open lines (SKIP LOCKED), then per message
 * check its window, lead, template and addresses, reserve the line's usage and take the lease, committing the message
 * as {@code sending}. {@link #send} calls the provider outside any transaction (bounded by the provider timeout) and
 * records the outcome in a second transaction only if the lease (owner, attempt) is still this claim's.
 */
public final class DispatchService implements DispatchDueMessagesUseCase {
    private static final Logger LOG = Logger.getLogger(DispatchService.class.getName());
    static final String FALLBACK_CODE = "IMESSAGE_UNAVAILABLE";

    private final TransactionRunner tx;
    private final DispatchQueue queue;
    private final LineGate gate;
    private final MessageRepository messages;
    private final LeadRepository leads;
    private final LineRepository lines;
    private final DoNotContactCheck dnc;
    private final Map<Provider, ChannelSender> senders;
    private final ProviderCalls providerCalls;
    private final DispatchSettings settings;
    private final Clock clock;
    private final DoubleSupplier jitter;
    private final FallbackSms fallbackSms;

    public DispatchService(TransactionRunner tx, DispatchQueue queue, LineGate gate, MessageRepository messages,
            LeadRepository leads, LineRepository lines, DoNotContactCheck dnc, Map<Provider, ChannelSender> senders,
            ExecutorService providerCalls, DispatchSettings settings, Clock clock, DoubleSupplier jitter, FallbackSms fallbackSms) {
        this.tx = tx;
        this.queue = queue;
        this.gate = gate;
        this.messages = messages;
        this.leads = leads;
        this.lines = lines;
        this.dnc = dnc;
        this.senders = Map.copyOf(senders);
        this.providerCalls = new ProviderCalls(providerCalls, settings.providerTimeout());
        this.settings = settings;
        this.clock = clock;
        this.jitter = jitter;
        this.fallbackSms = fallbackSms;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public List<Claim> claim(String owner) {
        return tx.inTransaction(() -> {
            Instant now = now();
            List<DispatchQueue.Candidate> due = queue.lockDue(now, settings.batchSize());
            // Reserve line by line in id order: two dispatchers never wait for each other's lines in a cycle.
            List<DispatchQueue.Candidate> byLine = new ArrayList<>(due);
            byLine.sort(Comparator.comparing((DispatchQueue.Candidate c) -> c.message().lineId().value()));
            Map<LineId, Line> lineCache = new HashMap<>();
            Map<String, Claim> claimed = new HashMap<>();
            for (DispatchQueue.Candidate c : byLine) {
                Line line = lineCache.computeIfAbsent(c.message().lineId(),
                        id -> lines.findById(c.message().workspaceId(), id).orElseThrow());
                prepare(c, line, owner, now).ifPresent(claim -> claimed.put(claim.messageId().value(), claim));
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
    private Optional<Claim> prepare(DispatchQueue.Candidate c, Line line, String owner, Instant now) {
        Message m = c.message();
        if (m.window().isPresent() && !m.window().get().contains(now)) {
            Transition wait = WindowWait.untilNextOpening(m, now);
            messages.recordTransition(wait);
            queue.reschedule(m.id(), wait.message().dueAt());
            return Optional.empty();
        }
        Optional<Lead> lead = leads.findById(m.workspaceId(), m.leadId());
        if (lead.isEmpty()) {
            if (m.status() == MessageStatus.SENDING) {
                messages.recordTransition(m.fail(now, "LEAD_DELETED", "The lead was deleted before the message was sent"));
            } else {
                messages.recordTransition(m.cancel(now, "LEAD_DELETED", "The lead was deleted before the message was sent"));
            }
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
        if (reservation instanceof LineGate.Reservation.Closed) {
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

    @Override
    public Outcome send(Claim claim) {
        ChannelSender sender = senders.get(claim.line().provider());
        if (sender == null) {
            return record(claim, new SendResult.Rejected("PROVIDER_NOT_SUPPORTED",
                    "This node cannot send through " + claim.line().provider().wireName() + " lines", false),
                    List.of(), false);
        }
        String to = null;
        List<String> checked = new ArrayList<>();
        if (claim.channel() == Channel.IMESSAGE) {
            for (String address : claim.addresses()) {
                checked.add(address);
                try {
                    if (providerCalls.call(() -> sender.iMessageAvailable(claim.line(), address))) {
                        to = address;
                        break;
                    }
                } catch (ProviderCalls.Failed e) {
                    return record(claim, e.rejection(), List.of(), true);
                }
            }
            if (to == null) {
                return record(claim, null, checked, true);
            }
        } else {
            to = claim.addresses().get(0);
        }
        ChannelSender.Outgoing outgoing = new ChannelSender.Outgoing(claim.messageId(), claim.workspaceId(), claim.line(),
                claim.channel(), to, claim.subject(), claim.text(), claim.attempt());
        SendResult result;
        try {
            result = providerCalls.call(() -> sender.send(outgoing));
        } catch (ProviderCalls.Failed e) {
            result = e.rejection();
        }
        return record(claim, result, checked, true);
    }

    /**
     * Records a send's outcome if the claim still holds its lease. {@code result} null means no address takes iMessage.
     * Locks the message first, then the queue row: the same order as cancel and provider events.
     */
    private Outcome record(Claim claim, SendResult result, List<String> checked, boolean providerCalled) {
        return tx.inTransaction(() -> {
            Instant now = now();
            Optional<Message> found = messages.findForUpdate(claim.workspaceId(), claim.messageId());
            if (found.isEmpty()) {
                return Outcome.LEASE_LOST;
            }
            Message m = found.get();
            Optional<DispatchQueue.Lease> lease = queue.lockLease(claim.messageId(), claim.owner(), claim.attempt());
            if (lease.isEmpty()) {
                // A provider event may have finished the message (removing its queue row) before our own "sent" was
                // recorded; then our send is the one that happened and only its details are missing.
                if (result instanceof SendResult.Accepted accepted && !queue.isQueued(m.id())
                        && m.externalMessageId().isEmpty() && m.status().isForwardOf(MessageStatus.SENDING)
                        && m.status() != MessageStatus.FALLBACK && m.status() != MessageStatus.CANCELLED) {
                    messages.recordTransition(m.markSent(now, accepted.externalId(), claim.text()));
                    return Outcome.SENT;
                }
                LOG.log(Level.INFO, "lease of message {0} (attempt {1}) was lost; its outcome is not recorded",
                        new Object[] {claim.messageId().value(), claim.attempt()});
                return Outcome.LEASE_LOST;
            }
            int sendAttempts = providerCalled ? queue.countSendAttempt(m.id()) : 0;
            Optional<LineGate.Reservation.Reserved> reserved = lease.get().reserved();
            if (result == null) {
                Transition fallback = m.fallback(now, checked, FALLBACK_CODE, "No address of the recipient can receive iMessage");
                messages.recordTransition(fallback);
                fallbackSms.sendFor(fallback.message(), now);
                refund(claim, reserved);
                return Outcome.FALLBACK;
            }
            if (result instanceof SendResult.Accepted accepted) {
                messages.recordTransition(m.markSent(now, accepted.externalId(), claim.text()));
                return Outcome.SENT;
            }
            SendResult.Rejected rejected = (SendResult.Rejected) result;
            refund(claim, reserved);
            if (rejected.retryable() && sendAttempts < settings.maxSendAttempts()) {
                Instant next = now.plus(backoff(sendAttempts));
                messages.recordTransition(m.retryLater(now, next, rejected.code(), rejected.message()));
                queue.requeue(m.id(), claim.owner(), claim.attempt(), next);
                return Outcome.RETRY;
            }
            Transition failed = m.fail(now, rejected.code(), rejected.message());
            messages.recordTransition(failed);
            fallbackSms.sendFor(failed.message(), now);
            return Outcome.FAILED;
        });
    }

    private void refund(Claim claim, Optional<LineGate.Reservation.Reserved> reserved) {
        reserved.ifPresent(r -> gate.refund(claim.line().id(), claim.leadId(), r));
    }

    /** base * 2^(n-1), at most the maximum, then a random 50–100% of it (so retries of one burst spread out). */
    Duration backoff(int sendAttempts) {
        long base = settings.backoffBase().toMillis();
        long max = settings.backoffMax().toMillis();
        long delay = max;
        if (sendAttempts - 1 < 62) {
            long exp = base << Math.max(0, sendAttempts - 1);
            delay = exp <= 0 || exp > max ? max : exp;
        }
        return Duration.ofMillis((long) (delay * (0.5 + 0.5 * jitter.getAsDouble())));
    }

    @Override
    public void release(List<Claim> claims) {
        for (Claim claim : claims) {
            tx.run(() -> {
                Instant now = now();
                Optional<Message> m = messages.findForUpdate(claim.workspaceId(), claim.messageId());
                Optional<DispatchQueue.Lease> lease = queue.lockLease(claim.messageId(), claim.owner(), claim.attempt());
                if (m.isEmpty() || lease.isEmpty() || m.get().status() != MessageStatus.SENDING) {
                    return;
                }
                messages.recordTransition(m.get().retryLater(now, now, "DISPATCH_RELEASED",
                        "The dispatcher stopped before sending; queued again"));
                queue.requeue(claim.messageId(), claim.owner(), claim.attempt(), now);
                refund(claim, lease.get().reserved());
            });
        }
    }

    @Override
    public int renewLeases(String owner) {
        return queue.renew(owner, now().plus(settings.lease()));
    }

    @Override
    public int sweepExpired() {
        List<?> swept = queue.sweepExpired(now());
        if (!swept.isEmpty()) {
            LOG.log(Level.WARNING, "returned {0} expired dispatch lease(s) to the queue", swept.size());
        }
        return swept.size();
    }
}
