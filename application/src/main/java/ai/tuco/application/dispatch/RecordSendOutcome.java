package ai.tuco.application.dispatch;

import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Claim;
import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Outcome;
import ai.tuco.application.dispatch.port.out.DispatchQueue;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase;
import ai.tuco.application.dispatch.port.out.EarlyUpdates;
import ai.tuco.application.dispatch.port.out.LineGate;
import ai.tuco.application.message.port.in.SendFallbackSmsUseCase;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.dispatch.SendClaimed.Result;
import ai.tuco.application.donotcontact.port.out.DoNotContactRepository;
import ai.tuco.application.provider.port.out.LineHealthWriter;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.lead.DoNotContact;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.message.Transition;
import ai.tuco.domain.shared.DoNotContactId;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The record step: a send's outcome, in a second transaction, recorded only if the claim still holds its lease
 * (owner, attempt). Sent: sent (with what the provider already said of it). Retryable rejection: queued again with
 * backoff (at least the provider's retry-after) until the attempts run out, then failed. Permanent rejection: failed;
 * when the recipient opted out, the address also goes on the workspace's do-not-contact list. Credentials refused:
 * the line is marked unhealthy (its sends held) and the message queued again without using up an attempt. No
 * iMessage address: fallback. Failed and fallback may send the SMS fallback.
 */
public final class RecordSendOutcome {
    static final String FALLBACK_CODE = "IMESSAGE_UNAVAILABLE";
    private static final System.Logger LOG = System.getLogger(RecordSendOutcome.class.getName());

    private final TransactionRunner tx;
    private final DispatchQueue queue;
    private final LineGate gate;
    private final MessageRepository messages;
    private final SendFallbackSmsUseCase fallbackSms;
    private final DispatchSettings settings;
    private final Clock clock;
    private final DoubleSupplier jitter;
    private final DoNotContactRepository doNotContact;
    private final LineHealthWriter lineHealth;
    private final IdGenerator ids;
    private final EarlyUpdates early;

    /**
     * @param jitter a number in [0, 1) per retry, spreading the retries of one burst
     * @param doNotContact where an opted-out recipient's address goes
     * @param lineHealth where a line whose credentials were refused is marked unhealthy
     * @param early status updates that came before the send was recorded, applied right after it is
     */
    public RecordSendOutcome(TransactionRunner tx, DispatchQueue queue, LineGate gate, MessageRepository messages,
            SendFallbackSmsUseCase fallbackSms, DispatchSettings settings, Clock clock, DoubleSupplier jitter,
            DoNotContactRepository doNotContact, LineHealthWriter lineHealth, IdGenerator ids, EarlyUpdates early) {
        this.early = early;
        this.doNotContact = doNotContact;
        this.lineHealth = lineHealth;
        this.ids = ids;
        this.tx = tx;
        this.queue = queue;
        this.gate = gate;
        this.messages = messages;
        this.fallbackSms = fallbackSms;
        this.settings = settings;
        this.clock = clock;
        this.jitter = jitter;
    }

    /** Locks the message first, then the queue row: the same order as cancel and provider events. */
    public Outcome record(Claim claim, SendClaimed.Attempt attempt) {
        return tx.inTransaction(() -> {
            Optional<Message> found = messages.findForUpdate(claim.workspaceId(), claim.messageId());
            if (found.isEmpty()) {
                return Outcome.LEASE_LOST;
            }
            Optional<DispatchQueue.Lease> lease = queue.lockLease(claim.messageId(), claim.owner(), claim.attempt());
            return recordLocked(claim, attempt, found.get(), lease, now());
        });
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * The outcome of one send, in the caller's transaction, which holds the message's lock and then its queue row's
     * ({@code lease}: the claim's lease, if still held).
     */
    Outcome recordLocked(Claim claim, SendClaimed.Attempt attempt, Message m, Optional<DispatchQueue.Lease> lease, Instant now) {
        Result result = attempt.result();
        if (lease.isEmpty()) {
            // A provider event may have finished the message (removing its queue row) before our own "sent" was
            // recorded; then our send is the one that happened and only its details are missing.
            if (result instanceof Result.Sent accepted && !queue.isQueued(m.id())
                    && m.externalMessageId().isEmpty() && m.status().isForwardOf(MessageStatus.SENDING)
                    && m.status() != MessageStatus.FALLBACK && m.status() != MessageStatus.CANCELLED) {
                Transition sent = m.markSent(now, accepted.externalId(), claim.text());
                messages.recordTransition(sent);
                applyEarlyUpdates(sent.message(), accepted.externalId(), now);
                return Outcome.SENT;
            }
            LOG.log(System.Logger.Level.INFO, "lease of message {0} (attempt {1}) was lost; its outcome is not recorded",
                    claim.messageId().value(), claim.attempt());
            return Outcome.LEASE_LOST;
        }
        Optional<LineGate.Reservation.Reserved> reserved = lease.get().reserved();
        if (result instanceof Result.CredentialsRejected refused) {
            refund(claim, reserved);
            lineHealth.markUnhealthy(claim.line().id(), "The provider refused the line's credentials ("
                    + refused.code() + "): " + refused.message(), now);
            messages.recordTransition(m.retryLater(now, now, refused.code(), refused.message()));
            queue.requeue(m.id(), claim.owner(), claim.attempt(), now);
            return Outcome.RETRY; // not the message's fault: no attempt used up
        }
        int sendAttempts = attempt.countsAsAttempt() ? queue.countSendAttempt(m.id()) : 0;
        if (result instanceof Result.Sent sent) {
            Transition t = m.markSent(now, sent.externalId(), claim.text());
            messages.recordTransition(t);
            Message current = t.message();
            if (sent.status().isPresent()) {
                current = apply(current, sent.status().get(), now);
            }
            applyEarlyUpdates(current, sent.externalId(), now);
            return Outcome.SENT;
        }
        if (result instanceof Result.NotAvailable notAvailable) {
            Transition fallback = m.fallback(now, notAvailable.checkedAddresses(), FALLBACK_CODE,
                    "No address of the recipient can receive iMessage");
            messages.recordTransition(fallback);
            fallbackSms.sendFor(fallback.message(), now);
            refund(claim, reserved);
            return Outcome.FALLBACK;
        }
        refund(claim, reserved);
        if (result instanceof Result.Retry retry && sendAttempts < settings.maxSendAttempts()) {
            Duration delay = backoff(sendAttempts);
            if (retry.retryAfter().isPresent() && retry.retryAfter().get().compareTo(delay) > 0) {
                delay = retry.retryAfter().get();
            }
            Instant next = now.plus(delay);
            messages.recordTransition(m.retryLater(now, next, retry.code(), retry.message()));
            queue.requeue(m.id(), claim.owner(), claim.attempt(), next);
            return Outcome.RETRY;
        }
        String code = result instanceof Result.Retry r ? r.code() : ((Result.Failed) result).code();
        String text = result instanceof Result.Retry r ? r.message() : ((Result.Failed) result).message();
        Transition failed = m.fail(now, code, text);
        messages.recordTransition(failed);
        if (result instanceof Result.Failed f && f.recipientOptedOut()) {
            attempt.to().ifPresent(address -> optOut(claim, address, f.code(), now));
        }
        fallbackSms.sendFor(failed.message(), now);
        return Outcome.FAILED;
    }

    /**
     * Early callbacks: the provider's updates about this send that came before it was recorded (kept by
     * {@link EarlyUpdates}), applied now in the send's transaction, in the order they came.
     */
    private void applyEarlyUpdates(Message sent, String externalId, Instant now) {
        applyAll(sent, early.takeFor(sent.lineId(), externalId), now);
    }

    /** Provider statuses applied in order after "sent" (early ones, taken by the caller). */
    void applyAll(Message sent, List<StatusUpdate> updates, Instant now) {
        Message current = sent;
        for (StatusUpdate u : updates) {
            current = apply(current, u, now);
        }
    }

    /** One provider status (early, or what a reconciliation found) applied after "sent"; a failure may send the fallback. */
    private Message apply(Message current, StatusUpdate u, Instant now) {
        Transition t = ProviderEventService.transition(current, RecordProviderEventUseCase.Kind.valueOf(u.kind().name()),
                u.errorCode(), u.errorMessage(), now);
        messages.recordTransition(t);
        if (!t.ignored() && t.message().status() == MessageStatus.FAILED) {
            fallbackSms.sendFor(t.message(), now);
        }
        return t.message();
    }

    /** The provider refuses the address because its owner opted out: never message it again from this workspace. */
    private void optOut(Claim claim, String address, String code, Instant now) {
        boolean email = address.indexOf('@') >= 0;
        if (email ? !EmailAddress.isValid(address) : !E164Phone.isValid(address)) {
            return;
        }
        doNotContact.insert(new DoNotContact(new DoNotContactId(ids.newId()), claim.workspaceId(),
                email ? Optional.empty() : Optional.of(new E164Phone(address)),
                email ? Optional.of(EmailAddress.parse(address)) : Optional.empty(),
                "The provider reports that the recipient opted out (" + code + ")", "provider", now));
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
}
