package ai.tuco.providers.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.provider.port.out.spi.Callbacks;
import ai.tuco.application.provider.port.out.spi.ConfigField;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import ai.tuco.application.provider.port.out.spi.SendRequest;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The one runner for provider tables (courier-style): each {@link OutgoingCase} runs against a fresh local stub
 * server; each {@link CallbackCase} through the provider's {@link Callbacks}. Both also check that no secret of the
 * line's configuration appears in what the provider answers. Use from a JUnit {@code @ParameterizedTest} with
 * {@code @MethodSource} returning the table.
 */
public final class ProviderTestKit {
    private ProviderTestKit() {}

    /** Runs one outgoing case: the requests made must be exactly the expected ones, in order, and no more. */
    public static SendOutcome runOutgoing(MessagingProvider provider, OutgoingCase c) throws Exception {
        return runCall(provider, c, MessagingProvider::send, c.outcome());
    }

    /** One call of a provider against the stub, given the case's request (built on the stub's base URL). */
    @FunctionalInterface
    public interface Call<T> {
        T call(MessagingProvider provider, SendRequest request) throws Exception;
    }

    /**
     * Runs another call of the provider (reconcile, iMessage availability, health, line registration, a poll) the way
     * {@link #runOutgoing} runs {@code send}: a fresh stub answering the case's answers, exactly the expected requests,
     * no secret in the answer; {@code check} checks the answer (the case's {@code outcome} is not used).
     */
    public static <T> T runCall(MessagingProvider provider, OutgoingCase c, Call<T> call, Consumer<? super T> check) throws Exception {
        try (MockWebServer stub = new MockWebServer()) {
            for (MockResponse answer : c.answers()) {
                stub.enqueue(answer);
            }
            stub.start();
            URI base = stub.url("/").uri();
            SendRequest request = c.request().apply(URI.create(base.toString().replaceAll("/$", "")));
            T answer = call.call(provider, request);
            for (ExpectedRequest expected : c.expectedRequests()) {
                RecordedRequest actual = stub.takeRequest(5, TimeUnit.SECONDS);
                expected.check(actual, c.name());
            }
            assertThat(stub.getRequestCount()).as(c.name() + ": requests made").isEqualTo(c.expectedRequests().size());
            check.accept(answer);
            assertNoSecret(provider, request.line(), String.valueOf(answer), c.name());
            return answer;
        }
    }

    /** Runs one callback case: the answer's status, the updates and the replies must be exactly the expected ones. */
    public static Callbacks.Decoded runCallback(MessagingProvider provider, CallbackCase c) {
        Callbacks callbacks = provider.callbacks().orElseThrow(() -> new AssertionError(provider.name() + " takes no callbacks"));
        Callbacks.Decoded decoded = callbacks.decode(c.line(), c.request().apply(c.line()));
        assertThat(decoded.answer().status()).as(c.name() + ": HTTP status").isEqualTo(c.expectedStatus());
        assertThat(decoded.updates()).as(c.name() + ": status updates").isEqualTo(c.expectedUpdates());
        assertThat(decoded.replies()).as(c.name() + ": replies").isEqualTo(c.expectedReplies());
        assertNoSecret(provider, c.line(), decoded.answer().body(), c.name());
        // a reply's fields (attachment URLs above all) are stored and shown: never a secret in them
        assertNoSecret(provider, c.line(), decoded.replies().toString(), c.name());
        return decoded;
    }

    /** Fails if any secret value of {@code line}'s configuration appears in {@code text}. */
    public static void assertNoSecret(MessagingProvider provider, LineContext line, String text, String caseName) {
        List<ConfigField> secrets = provider.configFields().stream().filter(ConfigField::secret).toList();
        for (ConfigField f : secrets) {
            line.get(f.name()).filter(v -> v.length() >= 4).ifPresent(v ->
                    assertThat(text).as(caseName + ": the answer must not show the secret " + f.name()).doesNotContain(v));
        }
    }
}
