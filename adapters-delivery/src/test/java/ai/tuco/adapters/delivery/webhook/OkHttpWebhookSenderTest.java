package ai.tuco.adapters.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.webhook.port.out.SigningSecrets;
import ai.tuco.application.webhook.port.out.WebhookSender;
import ai.tuco.domain.shared.DeliveryId;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sender over real HTTP, its signatures checked by {@link SpecVerifier} (written from the spec, not from the signer). */
class OkHttpWebhookSenderTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String OLD_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    private static final DeliveryId ID = new DeliveryId("65f000000000000000000001");
    private static final Instant AT = Instant.parse("2026-03-10T12:00:00Z");

    private MockWebServer server;
    private final OkHttpWebhookSender sender = new OkHttpWebhookSender(new OkHttpClient());

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private WebhookSender.Request request(String body, SigningSecrets secrets) {
        return new WebhookSender.Request(server.url("/hook").toString(), ID, "message.sent", body, AT, secrets, Duration.ofSeconds(5));
    }

    @Test
    void givenNonAsciiBody_send_bothSignatureFamiliesVerifyOverTheBytesReceived() throws Exception {
        server.enqueue(new MockResponse.Builder().code(204).build());
        String body = "{\"event\":\"message.sent\",\"data\":{\"message\":\"Olá José — 你好 👋\"}}";

        WebhookSender.Response r = sender.send(request(body, new SigningSecrets(SECRET, Optional.empty())));

        assertThat(r.statusCode()).contains(204);
        assertThat(r.succeeded()).isTrue();
        RecordedRequest got = server.takeRequest();
        byte[] received = got.getBody().toByteArray();
        assertThat(new String(received, StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(got.getHeaders().get("X-Tuco-Event")).isEqualTo("message.sent");
        assertThat(got.getHeaders().get("X-Tuco-Timestamp")).isEqualTo("1773144000");
        assertThat(got.getHeaders().get("webhook-timestamp")).isEqualTo("1773144000");
        assertThat(got.getHeaders().get("webhook-id")).isEqualTo(ID.value());
        assertThat(SpecVerifier.tucoValid(SECRET, received, got.getHeaders().get("X-Tuco-Signature"))).isTrue();
        assertThat(SpecVerifier.standardValid(SECRET, ID.value(), "1773144000", received, got.getHeaders().get("webhook-signature")))
                .isTrue();
        // and the verifier is not a yes-machine
        assertThat(SpecVerifier.tucoValid(OLD_SECRET, received, got.getHeaders().get("X-Tuco-Signature"))).isFalse();
        assertThat(SpecVerifier.standardValid(SECRET, ID.value(), "1773144001", received, got.getHeaders().get("webhook-signature")))
                .isFalse();
    }

    @Test
    void givenRotation_send_standardSignatureVerifiesWithEitherSecret_tucoSignatureWithTheNewOne() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("ok").build());

        sender.send(request("{\"a\":1}", new SigningSecrets(SECRET, Optional.of(OLD_SECRET))));

        RecordedRequest got = server.takeRequest();
        byte[] received = got.getBody().toByteArray();
        String standard = got.getHeaders().get("webhook-signature");
        assertThat(standard.split(" ")).hasSize(2);
        assertThat(SpecVerifier.standardValid(SECRET, ID.value(), "1773144000", received, standard)).isTrue();
        assertThat(SpecVerifier.standardValid(OLD_SECRET, ID.value(), "1773144000", received, standard)).isTrue();
        assertThat(SpecVerifier.tucoValid(SECRET, received, got.getHeaders().get("X-Tuco-Signature"))).isTrue();
    }

    @Test
    void givenRedirect_send_doesNotFollowIt_andReportsTheStatus() throws Exception {
        server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", server.url("/elsewhere").toString()).build());

        WebhookSender.Response r = sender.send(request("{}", new SigningSecrets(SECRET, Optional.empty())));

        assertThat(r.statusCode()).contains(302);
        assertThat(r.succeeded()).isFalse();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void givenRetryAfterAndLongBody_send_readsSecondsAndKeepsTheFirstKibibyte() {
        server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "120").body("x".repeat(5000)).build());

        WebhookSender.Response r = sender.send(request("{}", new SigningSecrets(SECRET, Optional.empty())));

        assertThat(r.statusCode()).contains(503);
        assertThat(r.retryAfter()).contains(Duration.ofSeconds(120));
        assertThat(r.body()).hasSize(1024);
    }

    @Test
    void givenNothingListening_send_isAnAnswerWithoutStatusAndWithAReason() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        WebhookSender.Response r = sender.send(new WebhookSender.Request("http://127.0.0.1:" + port + "/hook", ID, "message.sent",
                "{}", AT, new SigningSecrets(SECRET, Optional.empty()), Duration.ofSeconds(5)));

        assertThat(r.statusCode()).isEmpty();
        assertThat(r.succeeded()).isFalse();
        assertThat(r.error()).isPresent();
    }

    /** The guard's own cases are its tests; here only that a refused address is an answer-less failed attempt with a reason. */
    @Test
    void givenGuardedClient_privateReceiver_isAFailedAttemptSayingWhy() {
        OkHttpWebhookSender guarded = new OkHttpWebhookSender(
                ai.tuco.adapters.delivery.net.OutboundHttp.client(ai.tuco.adapters.delivery.net.NetworkPolicy.none(), okhttp3.Dns.SYSTEM));

        WebhookSender.Response r = guarded.send(request("{}", new SigningSecrets(SECRET, Optional.empty())));

        assertThat(r.statusCode()).isEmpty();
        assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("refused to connect"));
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void givenSilentReceiver_send_timesOutAtTheRequestTimeout() {
        server.enqueue(new MockResponse.Builder().code(200).headersDelay(3, java.util.concurrent.TimeUnit.SECONDS).build());

        WebhookSender.Response r = sender.send(new WebhookSender.Request(server.url("/hook").toString(), ID, "message.sent", "{}",
                AT, new SigningSecrets(SECRET, Optional.empty()), Duration.ofMillis(300)));

        assertThat(r.statusCode()).isEmpty();
        assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).startsWith("timed out"));
    }
}
