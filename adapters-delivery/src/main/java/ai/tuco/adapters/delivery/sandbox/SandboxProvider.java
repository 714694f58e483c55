package ai.tuco.adapters.delivery.sandbox;

import ai.tuco.application.provider.port.out.SandboxStore;
import ai.tuco.application.provider.port.out.spi.ConfigField;
import ai.tuco.application.provider.port.out.spi.EventPoller;
import ai.tuco.application.provider.port.out.spi.HealthResult;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.Reconciliation;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import ai.tuco.application.provider.port.out.spi.SendRequest;
import ai.tuco.domain.shared.Channel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The demo lines' provider ({@code sandbox}): no network, no configuration. Every send is written to the ledger
 * (committed before it answers) and any later status ("delivered" a second after "sent", "undelivered") is a due row
 * that its {@link SandboxPoller} reports, on any node, even after a restart. Magic recipients ({@link SandboxRecipient})
 * reach every failure path.
 */
public final class SandboxProvider implements MessagingProvider {
    public static final String NAME = "sandbox";
    public static final String PERMANENT_CODE = "SANDBOX_REJECTED";
    public static final String RETRYABLE_CODE = "SANDBOX_TEMPORARILY_UNAVAILABLE";
    public static final String UNDELIVERED_CODE = "UNDELIVERED";

    private final SandboxStore store;
    private final Clock clock;
    private final Duration deliveryDelay;
    private final Duration slowDelay;
    private final SandboxPoller poller;

    public SandboxProvider(SandboxStore store, Clock clock, Duration deliveryDelay, Duration slowDelay) {
        this.store = store;
        this.clock = clock;
        this.deliveryDelay = deliveryDelay;
        this.slowDelay = slowDelay;
        this.poller = new SandboxPoller(store, clock);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.allOf(Channel.class);
    }

    @Override
    public List<ConfigField> configFields() {
        return List.of();
    }

    @Override
    public Availability iMessageAvailability(LineContext line, String address) {
        return SandboxRecipient.of(address) == SandboxRecipient.NO_IMESSAGE ? Availability.UNAVAILABLE : Availability.AVAILABLE;
    }

    @Override
    public HealthResult checkHealth(LineContext line) {
        return HealthResult.ok();
    }

    @Override
    public Optional<EventPoller> poller() {
        return Optional.of(poller);
    }

    /** The ledger knows every send the sandbox accepted: it always can tell. */
    @Override
    public Reconciliation reconcile(SendRequest request) {
        return store.acceptedExternalId(request.messageId())
                .<Reconciliation>map(id -> new Reconciliation.Found(id, Optional.empty()))
                .orElseGet(Reconciliation.NotFound::new);
    }

    @Override
    public SendOutcome send(SendRequest m) {
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
        SandboxStore.Later later = recipient == SandboxRecipient.UNDELIVERED
                ? new SandboxStore.Later("failed", Optional.of(UNDELIVERED_CODE),
                        Optional.of("Sandbox: the carrier could not deliver the message"), now.plus(deliveryDelay))
                : new SandboxStore.Later("delivered", Optional.empty(), Optional.empty(), now.plus(deliveryDelay));
        store.recordSend(send(m, true, Optional.of(externalId), Optional.empty(), now), Optional.of(later));
        return new SendOutcome.Accepted(externalId);
    }

    private SendOutcome reject(SendRequest m, Instant now, String code, String text, boolean retryable) {
        store.recordSend(send(m, false, Optional.empty(), Optional.of(code), now));
        return retryable ? SendOutcome.Rejected.retryable(code, text, Optional.empty()) : SendOutcome.Rejected.permanent(code, text);
    }

    private static SandboxStore.Send send(SendRequest m, boolean accepted, Optional<String> externalId,
            Optional<String> errorCode, Instant now) {
        return new SandboxStore.Send(m.messageId(), m.line().line().workspaceId().value(), m.line().line().id().value(),
                m.channel().wireName(), m.to(), m.text(), accepted, externalId, errorCode, now);
    }
}
