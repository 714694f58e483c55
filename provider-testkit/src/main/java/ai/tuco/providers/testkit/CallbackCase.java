package ai.tuco.providers.testkit;

import ai.tuco.application.provider.port.out.spi.Callbacks;
import ai.tuco.application.provider.port.out.spi.InboundReply;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One row of a provider's callback table: the request the provider (or a forger) posts for a line, the HTTP status
 * we must answer, and the status updates and replies it must yield (none for a forged, ignored or bad request).
 */
public record CallbackCase(String name, LineContext line, Function<LineContext, Callbacks.Inbound> request,
        int expectedStatus, List<StatusUpdate> expectedUpdates, List<InboundReply> expectedReplies) {
    public CallbackCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(request, "request");
        expectedUpdates = List.copyOf(expectedUpdates);
        expectedReplies = List.copyOf(expectedReplies);
    }

    /** A row that must yield no reply. */
    public CallbackCase(String name, LineContext line, Function<LineContext, Callbacks.Inbound> request,
            int expectedStatus, List<StatusUpdate> expectedUpdates) {
        this(name, line, request, expectedStatus, expectedUpdates, List.of());
    }

    @Override
    public String toString() {
        return name;
    }
}
