package ai.tuco.bootstrap;

import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase.Kind;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase.ProviderEvent;
import ai.tuco.application.provider.port.out.spi.EventPoller;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.ProviderDirectory;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Runs the provider-wide pollers ({@link EventPoller.Scope#PER_PROVIDER}, e.g. the sandbox's outcome pump) on this
 * node and records what they find as provider events. A poll's cursor is kept (in memory) only once its updates are
 * recorded, so a poll whose updates failed is repeated. Interim: the general poll scheduler (per-line pollers, cursors
 * in the database, one node per interval) replaces it.
 */
public final class ProviderPolls {
    private final ProviderDirectory providers;
    private final RecordProviderEventUseCase events;
    private final Map<String, String> cursors = new ConcurrentHashMap<>();

    ProviderPolls(ProviderDirectory providers, RecordProviderEventUseCase events) {
        this.providers = providers;
        this.events = events;
    }

    /** The loaded providers with a provider-wide poller. */
    List<MessagingProvider> polled() {
        return providers.all().stream()
                .filter(p -> p.poller().map(q -> q.scope() == EventPoller.Scope.PER_PROVIDER).orElse(false))
                .toList();
    }

    /** Polls {@code provider} until a poll finds nothing. @return the updates recorded */
    public int drain(String provider) {
        MessagingProvider p = providers.find(provider).orElseThrow();
        int total = 0;
        for (int n = poll(p); n > 0; n = poll(p)) {
            total += n;
        }
        return total;
    }

    /**
     * One beat of the provider's poller: polls while the poller says it left updates behind
     * ({@link EventPoller.Polled#more}); the rest waits for the next beat, one interval later. Polling again until a
     * poll found nothing took a few rows a call from the sandbox while sends went on, each call scanning its queue's
     * index from the oldest entry (bench/dispatch: 36 calls a second, 2 ms each).
     * @param running checked before each poll
     * @return how many polls it made
     */
    public int beat(String provider, BooleanSupplier running) {
        MessagingProvider p = providers.find(provider).orElseThrow();
        int polls = 0;
        while (running.getAsBoolean()) {
            polls++;
            if (!pollOnce(p).more()) {
                break;
            }
        }
        return polls;
    }

    /** One poll; its updates are recorded as one batch (one by one if the batch fails). @return how many */
    int poll(MessagingProvider provider) {
        return pollOnce(provider).updates().size();
    }

    private EventPoller.Polled pollOnce(MessagingProvider provider) {
        EventPoller poller = provider.poller().orElseThrow();
        EventPoller.Polled polled;
        try {
            polled = poller.poll(Optional.empty(), Optional.ofNullable(cursors.get(provider.name())));
        } catch (Exception e) {
            throw new IllegalStateException("polling " + provider.name() + " failed: " + e.getClass().getSimpleName(), e);
        }
        List<ProviderEvent> batch = polled.updates().stream().map(ProviderPolls::event).toList();
        if (!batch.isEmpty()) {
            try {
                events.recordAll(batch);
            } catch (RuntimeException batchFailed) {
                batch.forEach(events::record);
            }
        }
        polled.nextCursor().ifPresent(c -> cursors.put(provider.name(), c));
        return polled;
    }

    static ProviderEvent event(StatusUpdate u) {
        Kind kind = switch (u.kind()) {
            case SENT -> Kind.SENT;
            case DELIVERED -> Kind.DELIVERED;
            case READ -> Kind.READ;
            case FAILED -> Kind.FAILED;
        };
        return new ProviderEvent(u.messageId(), u.externalId(), kind, u.errorCode(), u.errorMessage());
    }
}
