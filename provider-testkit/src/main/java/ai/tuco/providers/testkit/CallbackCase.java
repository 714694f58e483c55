package ai.tuco.providers.testkit;

import ai.tuco.application.provider.port.out.spi.Callbacks;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One row of a provider's callback table: the request the provider (or a forger) posts for a line, the HTTP status
 * we must answer, and the status updates it must yield (none for a forged, duplicate-free ignored or bad request).
 */
public record CallbackCase(String name, LineContext line, Function<LineContext, Callbacks.Inbound> request,
        int expectedStatus, List<StatusUpdate> expectedUpdates) {
    public CallbackCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(request, "request");
        expectedUpdates = List.copyOf(expectedUpdates);
    }

    @Override
    public String toString() {
        return name;
    }
}
