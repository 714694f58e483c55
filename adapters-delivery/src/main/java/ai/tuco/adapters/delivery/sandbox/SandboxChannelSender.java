package ai.tuco.adapters.delivery.sandbox;

import ai.tuco.application.provider.port.out.ChannelSender;
import ai.tuco.application.provider.port.out.SandboxStore;
import ai.tuco.domain.line.Line;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The demo lines' provider: no network. Every send is written to the ledger (committed before it answers) and any later
 * provider event ("delivered" a second after "sent", "undelivered") is a due row that any node reports, even after a
 * restart. Magic recipients ({@link SandboxRecipient}) reach every failure path.
 */
public final class SandboxChannelSender implements ChannelSender {
    public static final String PERMANENT_CODE = "SANDBOX_REJECTED";
    public static final String RETRYABLE_CODE = "SANDBOX_TEMPORARILY_UNAVAILABLE";
    public static final String UNDELIVERED_CODE = "UNDELIVERED";

    private final SandboxStore store;
    private final Clock clock;
    private final Duration deliveryDelay;
    private final Duration slowDelay;

    public SandboxChannelSender(SandboxStore store, Clock clock, Duration deliveryDelay, Duration slowDelay) {
        this.store = store;
        this.clock = clock;
        this.deliveryDelay = deliveryDelay;
        this.slowDelay = slowDelay;
    }

    @Override
    public boolean iMessageAvailable(Line line, String address) {
        return SandboxRecipient.of(address) != SandboxRecipient.NO_IMESSAGE;
    }

    @Override
    public SendResult send(Outgoing m) {
        SandboxRecipient recipient = SandboxRecipient.of(m.to());
        if (recipient == SandboxRecipient.SLOW) {
            try {
                Thread.sleep(slowDelay.toMillis());
            } catch (InterruptedException e) {
                // Cut off by the caller's timeout before anything was sent: nothing goes into the ledger.
                Thread.currentThread().interrupt();
                throw new IllegalStateException("sandbox send interrupted before sending");
            }
        }
        Instant now = clock.instant();
        switch (recipient) {
            case PERMANENT_FAILURE -> {
                return reject(m, now, PERMANENT_CODE, "Sandbox: " + m.to() + " refuses every message", false);
            }
            case RETRY_TWICE -> {
                if (store.sendCount(m.messageId()) < 2) {
                    return reject(m, now, RETRYABLE_CODE, "Sandbox: temporarily unavailable, try again", true);
                }
            }
            default -> { }
        }
        String externalId = "sbx_" + UUID.randomUUID().toString().replace("-", "");
        store.recordSend(new SandboxStore.Send(m.messageId(), m.workspaceId().value(), m.line().id().value(),
                m.channel().wireName(), m.to(), m.text(), true, Optional.of(externalId), Optional.empty(), now));
        if (recipient == SandboxRecipient.UNDELIVERED) {
            store.scheduleOutcome(m.messageId(), externalId, "failed", Optional.of(UNDELIVERED_CODE),
                    Optional.of("Sandbox: the carrier could not deliver the message"), now.plus(deliveryDelay));
        } else {
            store.scheduleOutcome(m.messageId(), externalId, "delivered", Optional.empty(), Optional.empty(), now.plus(deliveryDelay));
        }
        return new SendResult.Accepted(externalId);
    }

    private SendResult reject(Outgoing m, Instant now, String code, String text, boolean retryable) {
        store.recordSend(new SandboxStore.Send(m.messageId(), m.workspaceId().value(), m.line().id().value(),
                m.channel().wireName(), m.to(), m.text(), false, Optional.empty(), Optional.of(code), now));
        return new SendResult.Rejected(code, text, retryable);
    }
}
