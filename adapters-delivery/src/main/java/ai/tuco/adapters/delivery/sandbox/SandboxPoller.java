package ai.tuco.adapters.delivery.sandbox;

import ai.tuco.application.provider.port.out.SandboxStore;
import ai.tuco.application.provider.port.out.spi.EventPoller;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The sandbox's outcome pump as its provider-wide poller: every 250 ms, the due statuses (at most 50 a poll), as a real
 * provider's receipts would come. A row taken is hidden from other nodes for 30 s; the cursor returned names the rows
 * of this poll, and the next poll (handed that cursor only once this poll's updates were recorded) deletes them. If the
 * node dies in between, the rows come back and the repeat is ignored by the forward-only rule.
 */
public final class SandboxPoller implements EventPoller {
    static final int BATCH = 50;
    private static final Duration HIDE = Duration.ofSeconds(30);

    private final SandboxStore store;
    private final Clock clock;

    public SandboxPoller(SandboxStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Scope scope() {
        return Scope.PER_PROVIDER;
    }

    @Override
    public Duration interval() {
        return Duration.ofMillis(250);
    }

    /** @param cursor the ids of the rows the previous poll returned, comma-separated: recorded, so deleted now */
    @Override
    public Polled poll(Optional<LineContext> line, Optional<String> cursor) {
        List<Long> recorded = cursor.filter(c -> !c.isBlank()).stream()
                .flatMap(c -> Arrays.stream(c.split(",")))
                .map(Long::parseLong)
                .toList();
        if (!recorded.isEmpty()) {
            store.done(recorded);
        }
        Instant now = clock.instant();
        List<SandboxStore.Outcome> due = new ArrayList<>(store.takeDue(now, BATCH, now.plus(HIDE)));
        due.sort(Comparator.comparing((SandboxStore.Outcome o) -> o.messageId().value()).thenComparingLong(SandboxStore.Outcome::id));
        List<StatusUpdate> updates = due.stream().map(SandboxPoller::update).toList();
        String next = due.stream().map(o -> Long.toString(o.id())).collect(Collectors.joining(","));
        // a page that is not full took everything due: what falls due next waits for the next beat
        return new Polled(updates, List.of(), Optional.of(next), due.size() == BATCH);
    }

    private static StatusUpdate update(SandboxStore.Outcome o) {
        StatusUpdate.Kind kind = switch (o.status()) {
            case "failed" -> StatusUpdate.Kind.FAILED;
            case "read" -> StatusUpdate.Kind.READ;
            default -> StatusUpdate.Kind.DELIVERED;
        };
        return new StatusUpdate(Optional.of(o.messageId()), Optional.of(o.externalId()), kind, o.errorCode(),
                o.errorMessage(), Optional.empty());
    }

}
