package ai.tuco.providers.testkit;

import ai.tuco.application.provider.port.out.spi.SendOutcome;
import ai.tuco.application.provider.port.out.spi.SendRequest;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import mockwebserver3.MockResponse;

/**
 * One row of a provider's outgoing table: the message (built against the stub's base URL), the stub's canned answers
 * in order, the exact requests the provider must make in order, and what {@code send} must answer.
 *
 * @param outcome checks the answer; use {@link Outcomes}
 */
public record OutgoingCase(String name, Function<URI, SendRequest> request, List<MockResponse> answers,
        List<ExpectedRequest> expectedRequests, Consumer<SendOutcome> outcome) {
    public OutgoingCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(request, "request");
        answers = List.copyOf(answers);
        expectedRequests = List.copyOf(expectedRequests);
        Objects.requireNonNull(outcome, "outcome");
    }

    @Override
    public String toString() {
        return name;
    }
}
