package ai.tuco.adapters.delivery.sandbox;

import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase.Kind;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase.ProviderEvent;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase;
import ai.tuco.application.provider.port.out.SandboxStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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

    /**
     * Reports what is due as one batch (one transaction, as a provider's batched receipts would be), ordered by
     * message; if the batch fails, one by one, so that one bad event cannot hold back the others.
     *
     * @return how many events were reported
     */
    public int pump() {
        Instant now = clock.instant();
        List<SandboxStore.Outcome> due = new ArrayList<>(store.takeDue(now, 50, now.plus(HIDE)));
        if (due.isEmpty()) {
            return 0;
        }
        due.sort(Comparator.comparing((SandboxStore.Outcome o) -> o.messageId().value()).thenComparingLong(SandboxStore.Outcome::id));
        List<ProviderEvent> batch = due.stream().map(SandboxOutcomePump::event).toList();
        try {
            events.recordAll(batch);
        } catch (RuntimeException batchFailed) {
            batch.forEach(events::record);
        }
        store.done(due.stream().map(SandboxStore.Outcome::id).toList());
        return due.size();
    }

    private static ProviderEvent event(SandboxStore.Outcome o) {
        Kind kind = switch (o.status()) {
            case "failed" -> Kind.FAILED;
            case "read" -> Kind.READ;
            default -> Kind.DELIVERED;
        };
        return new ProviderEvent(Optional.of(o.messageId()), Optional.of(o.externalId()), kind, o.errorCode(), o.errorMessage());
    }
}
