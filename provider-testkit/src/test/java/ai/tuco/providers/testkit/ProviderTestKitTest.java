package ai.tuco.providers.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.provider.port.out.spi.ConfigField;
import ai.tuco.application.provider.port.out.spi.HealthResult;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import ai.tuco.application.provider.port.out.spi.SendRequest;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.LineCaps;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WorkspaceId;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/** The runner passes a provider that makes the expected request, and fails one that does not or leaks a secret. */
class ProviderTestKitTest {

    /** Posts {@code to=...&body=...} to {@code {baseUrl}/send?key=...}; answers the response body as the id. */
    static final class EchoProvider implements MessagingProvider {
        private final String pathPrefix;
        private final boolean leakSecret;

        EchoProvider(String pathPrefix, boolean leakSecret) {
            this.pathPrefix = pathPrefix;
            this.leakSecret = leakSecret;
        }

        @Override public String name() {
            return "echo";
        }

        @Override public Set<Channel> channels() {
            return Set.of(Channel.SMS);
        }

        @Override public List<ConfigField> configFields() {
            return List.of(ConfigField.required("baseUrl", ConfigField.Type.URL, "where"), ConfigField.secret("token", true, "key"));
        }

        @Override public SendOutcome send(SendRequest r) throws Exception {
            HttpURLConnection c = (HttpURLConnection) URI.create(r.line().require("baseUrl") + pathPrefix + "/send").toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            try (OutputStream out = c.getOutputStream()) {
                out.write(("to=" + r.to().replace("+", "%2B") + "&body=" + r.text()).getBytes(StandardCharsets.UTF_8));
            }
            String id = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return leakSecret ? SendOutcome.Rejected.permanent("X", "token " + r.line().require("token")) : new SendOutcome.Accepted(id);
        }

        @Override public HealthResult checkHealth(LineContext line) {
            return HealthResult.ok();
        }
    }

    static OutgoingCase sendCase() {
        return new OutgoingCase("send", base -> request(base), List.of(new MockResponse.Builder().body("ext-1").build()),
                List.of(ExpectedRequest.post("/send").form(Map.of("to", "+15551234567", "body", "hi"))),
                Outcomes.accepted("ext-1"));
    }

    static SendRequest request(URI base) {
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        Line line = new Line(new LineId("aaaaaaaaaaaaaaaaaaaaaaaa"), new WorkspaceId("bbbbbbbbbbbbbbbbbbbbbbbb"), "n", Optional.empty(), Optional.empty(), "", "", true,
                Set.of(Channel.SMS), Provider.SANDBOX, Optional.empty(), 0, LineCaps.DEFAULTS, t, t);
        LineContext ctx = new LineContext(line, Map.of("baseUrl", base.toString(), "token", "sekrit-123"),
                URI.create("http://localhost/hooks/echo/line_1"), "tok");
        return new SendRequest(new MessageId("cccccccccccccccccccccccc"), ctx, Channel.SMS, "+15551234567", Optional.empty(), "hi", 1);
    }

    @Test
    void passesAProviderThatMakesTheExpectedRequest() throws Exception {
        assertThat(ProviderTestKit.runOutgoing(new EchoProvider("", false), sendCase())).isEqualTo(new SendOutcome.Accepted("ext-1"));
    }

    @Test
    void failsAProviderThatCallsAnotherPath() {
        assertThatThrownBy(() -> ProviderTestKit.runOutgoing(new EchoProvider("/v2", false), sendCase()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("path and query");
    }

    @Test
    void failsAProviderWhoseAnswerShowsASecret() {
        OutgoingCase c = new OutgoingCase("leak", ProviderTestKitTest::request, List.of(new MockResponse.Builder().body("x").build()),
                List.of(ExpectedRequest.post("/send")), outcome -> {});
        assertThatThrownBy(() -> ProviderTestKit.runOutgoing(new EchoProvider("", true), c))
                .isInstanceOf(AssertionError.class).hasMessageContaining("secret token");
    }
}
