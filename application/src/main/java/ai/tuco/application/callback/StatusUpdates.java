package ai.tuco.application.callback;

import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase.Kind;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase.ProviderEvent;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase.Result;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import ai.tuco.domain.shared.LineId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Status updates from callbacks and polls, applied as provider events: scoped to the line they came for. */
final class StatusUpdates {
    private final RecordProviderEventUseCase events;

    StatusUpdates(RecordProviderEventUseCase events) {
        this.events = events;
    }

    /** In one transaction, ordered by the message they name (two batches lock in the same order). */
    List<Result> apply(Optional<LineId> line, List<StatusUpdate> updates) {
        List<ProviderEvent> list = updates.stream()
                .map(StatusUpdates::event)
                .sorted(Comparator.comparing((ProviderEvent e) -> e.messageId().map(Object::toString).orElse(""))
                        .thenComparing(e -> e.externalId().orElse("")))
                .toList();
        if (list.isEmpty()) {
            return List.of();
        }
        return line.isPresent() ? events.recordForLine(line.get(), list) : events.recordAll(list);
    }

    static ProviderEvent event(StatusUpdate u) {
        return new ProviderEvent(u.messageId(), u.messageId().isPresent() ? Optional.empty() : u.externalId(),
                Kind.valueOf(u.kind().name()), u.errorCode(), u.errorMessage());
    }
}
