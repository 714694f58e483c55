package ai.tuco.adapters.delivery.sandbox;

import ai.tuco.application.port.in.RecordProviderEventUseCase;
import ai.tuco.application.port.in.RecordProviderEventUseCase.Kind;
import ai.tuco.application.port.in.RecordProviderEventUseCase.ProviderEvent;
import ai.tuco.application.port.out.SandboxStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reports the sandbox's due provider events as a real provider's callbacks would. A row is hidden while it is reported
 * and deleted after; if the node dies in between, the row comes back and the repeat is ignored by the forward-only rule.
 */
public final class SandboxOutcomePump {
    private static final Duration HIDE = Duration.ofSeconds(30);

    private final SandboxStore store;
    private final RecordProviderEventUseCase events;
    private final Clock clock;

    public SandboxOutcomePump(SandboxStore store, RecordProviderEventUseCase events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /** @return how many events were reported */
    public int pump() {
        Instant now = clock.instant();
        List<SandboxStore.Outcome> due = store.takeDue(now, 50, now.plus(HIDE));
        for (SandboxStore.Outcome o : due) {
            Kind kind = switch (o.status()) {
                case "failed" -> Kind.FAILED;
                case "read" -> Kind.READ;
                default -> Kind.DELIVERED;
            };
            events.record(new ProviderEvent(Optional.of(o.messageId()), Optional.of(o.externalId()), kind,
                    o.errorCode(), o.errorMessage()));
            store.done(o.id());
        }
        return due.size();
    }
}
