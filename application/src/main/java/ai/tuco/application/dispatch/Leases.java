package ai.tuco.application.dispatch;

import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Claim;
import ai.tuco.application.dispatch.port.out.DispatchQueue;
import ai.tuco.application.dispatch.port.out.LineGate;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** The leases of claims outside their send: given back at shutdown, renewed while a provider is slow, swept when expired. */
public final class Leases {
    private static final System.Logger LOG = System.getLogger(Leases.class.getName());

    private final TransactionRunner tx;
    private final DispatchQueue queue;
    private final LineGate gate;
    private final MessageRepository messages;
    private final DispatchSettings settings;
    private final Clock clock;

    public Leases(TransactionRunner tx, DispatchQueue queue, LineGate gate, MessageRepository messages,
            DispatchSettings settings, Clock clock) {
        this.tx = tx;
        this.queue = queue;
        this.gate = gate;
        this.messages = messages;
        this.settings = settings;
        this.clock = clock;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Claims whose send has not started go back to the queue, due now, their usage refunded (message, then queue row). */
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
                lease.get().reserved().ifPresent(r -> gate.refund(claim.line().id(), claim.leadId(), r));
            });
        }
    }

    public int renew(String owner) {
        return queue.renew(owner, now().plus(settings.lease()));
    }

    public int sweepExpired() {
        List<?> swept = queue.sweepExpired(now());
        if (!swept.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "returned {0} expired dispatch lease(s) to the queue", swept.size());
        }
        return swept.size();
    }
}
