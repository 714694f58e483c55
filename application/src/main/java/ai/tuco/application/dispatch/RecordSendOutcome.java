package ai.tuco.application.dispatch;

import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Claim;
import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Outcome;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase;
import ai.tuco.application.dispatch.port.out.DispatchQueue;
import ai.tuco.application.dispatch.port.out.EarlyUpdates;
import ai.tuco.application.dispatch.port.out.LineGate;
import ai.tuco.application.message.port.in.SendFallbackSmsUseCase;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.provider.port.out.ChannelSender.SendResult;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.message.Transition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The record step: a send's outcome, in a second transaction, recorded only if the claim still holds its lease
 * (owner, attempt). Accepted: sent. Retryable rejection: queued again with backoff until the attempts run out, then
 * failed. Permanent rejection: failed. No iMessage address: fallback. Failed and fallback may send the SMS fallback.
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
    private final EarlyUpdates early;

    /** @param jitter a number in [0, 1) per retry, spreading the retries of one burst */
    public RecordSendOutcome(TransactionRunner tx, DispatchQueue queue, LineGate gate, MessageRepository messages,
            SendFallbackSmsUseCase fallbackSms, DispatchSettings settings, Clock clock, DoubleSupplier jitter) {
        this(tx, queue, gate, messages, fallbackSms, settings, clock, jitter, EarlyUpdates.NONE);
    }

    /** @param early status updates that came before the send was recorded, applied right after it is */
    public RecordSendOutcome(TransactionRunner tx, DispatchQueue queue, LineGate gate, MessageRepository messages,
            SendFallbackSmsUseCase fallbackSms, DispatchSettings settings, Clock clock, DoubleSupplier jitter,
            EarlyUpdates early) {
        this.early = early;
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
        SendResult result = attempt.result();
        return tx.inTransaction(() -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
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
                    Transition sent = m.markSent(now, accepted.externalId(), claim.text());
                    messages.recordTransition(sent);
                    applyEarlyUpdates(sent.message(), accepted.externalId(), now);
                    return Outcome.SENT;
                }
                LOG.log(System.Logger.Level.INFO, "lease of message {0} (attempt {1}) was lost; its outcome is not recorded",
                        claim.messageId().value(), claim.attempt());
                return Outcome.LEASE_LOST;
            }
            int sendAttempts = attempt.providerCalled() ? queue.countSendAttempt(m.id()) : 0;
            Optional<LineGate.Reservation.Reserved> reserved = lease.get().reserved();
            if (result instanceof SendResult.Accepted accepted) {
                Transition sent = m.markSent(now, accepted.externalId(), claim.text());
                messages.recordTransition(sent);
                applyEarlyUpdates(sent.message(), accepted.externalId(), now);
                return Outcome.SENT;
            }
            if (result instanceof SendResult.NotAvailable notAvailable) {
                Transition fallback = m.fallback(now, notAvailable.checkedAddresses(), FALLBACK_CODE,
                        "No address of the recipient can receive iMessage");
                messages.recordTransition(fallback);
                fallbackSms.sendFor(fallback.message(), now);
                refund(claim, reserved);
                return Outcome.FALLBACK;
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

    /**
     * Early callbacks: the provider's updates about this send that came before it was recorded (kept by
     * {@link EarlyUpdates}), applied now in the send's transaction, in the order they came.
     */
    private void applyEarlyUpdates(Message sent, String externalId, Instant now) {
        Message current = sent;
        for (StatusUpdate u : early.takeFor(current.lineId(), externalId)) {
            Transition t = ProviderEventService.transition(current, RecordProviderEventUseCase.Kind.valueOf(u.kind().name()),
                    u.errorCode(), u.errorMessage(), now);
            messages.recordTransition(t);
            current = t.message();
            if (!t.ignored() && current.status() == MessageStatus.FAILED) {
                fallbackSms.sendFor(current, now);
            }
        }
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
