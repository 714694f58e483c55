package ai.tuco.bootstrap.dispatch;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.domain.shared.LineId;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running service of the end-to-end provider suites ({@link RealProvidersEndToEndTest},
 * {@link RepliesEndToEndTest}): a BlueBubbles relay stub, a Twilio stub and GreenMail, the service dispatching on a
 * fixed port that {@code TUCO_PUBLIC_URL} names (so providers can call back), its standard error captured so a test
 * can look for secrets in the log, and the helpers both suites use.
 */
abstract class LiveProviders {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static final String BB_PASSWORD = "bb-pass-" + UUID.randomUUID();
    static final String TWILIO_SID = "AC" + UUID.randomUUID().toString().replace("-", "");
    static final String TWILIO_TOKEN = UUID.randomUUID().toString().replace("-", "");
    static final String SMTP_PASSWORD = "smtp-pass-" + UUID.randomUUID();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final AtomicInteger PHONES = new AtomicInteger();

    static final ByteArrayOutputStream log = new ByteArrayOutputStream();
    static PrintStream originalErr;
    static RelayStub relay;
    static TwilioStub twilio;
    static GreenMail mail;
    static String publicUrl;
    static int port;
    static DispatchHarness h;

    @BeforeAll
    static void start() throws IOException {
        originalErr = System.err;
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                originalErr.write(b);
                synchronized (log) {
                    log.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                originalErr.write(b, off, len);
                synchronized (log) {
                    log.write(b, off, len);
                }
            }
        }, true, StandardCharsets.UTF_8));
        relay = new RelayStub(BB_PASSWORD);
        twilio = new TwilioStub(TWILIO_SID, TWILIO_TOKEN);
        ServerSetup smtp = ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP})[0];
        smtp.setServerStartupTimeout(20_000);
        mail = new GreenMail(smtp);
        mail.start();
        mail.setUser("sales@example.com", "ana", SMTP_PASSWORD);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        publicUrl = "http://127.0.0.1:" + port;
        h = service();
    }

    /** The service on the class's database, dispatching, on a fixed port that {@code TUCO_PUBLIC_URL} names. */
    static DispatchHarness service() {
        return new DispatchHarness(db, Clock.systemUTC(),
                DispatchHarness.testSettings().withPolling(Duration.ofMillis(200), Duration.ofSeconds(1)),
                "TUCO_PORT", Integer.toString(port), "TUCO_PUBLIC_URL", publicUrl,
                "TUCO_ALLOW_PRIVATE_NETWORKS", "127.0.0.1", "TUCO_DISPATCH_ENABLED", "true");
    }

    @AfterAll
    static void stop() {
        try {
            if (h != null) {
                h.close();
            }
            if (relay != null) {
                relay.close();
            }
            if (twilio != null) {
                twilio.close();
            }
            if (mail != null) {
                mail.stop();
            }
        } finally {
            System.setErr(originalErr);
        }
    }


    static ConditionFactory awaiting() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100));
    }

    static void awaitStatus(TestWorkspace ws, String id, String status) {
        awaiting().untilAsserted(() -> assertThat(h.status(ws, id)).isEqualTo(status));
    }

    /** The webhook URL the line registered with the relay (done after the line's write commits). */
    static String registeredWebhook(LineId line) {
        String prefix = publicUrl + "/hooks/bluebubbles/" + line.value() + "/";
        return awaiting().until(() -> relay.webhooks.values().stream().filter(u -> u.startsWith(prefix)).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }

    static HttpResponse<String> postJson(String url, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, List<String>> lists(Map<String, String> form) {
        return form.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
    }
}
