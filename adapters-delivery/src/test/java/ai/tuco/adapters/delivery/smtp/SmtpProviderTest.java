package ai.tuco.adapters.delivery.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.delivery.net.GuardedSocketFactory;
import ai.tuco.adapters.delivery.net.NetworkPolicy;
import ai.tuco.application.provider.port.out.spi.HealthResult;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import ai.tuco.application.provider.port.out.spi.SendRequest;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.LineCaps;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.providers.testkit.Outcomes;
import ai.tuco.providers.testkit.ProviderTestKit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.SocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SMTP provider's outgoing table, each row against a scripted SMTP server (the replies a real server will not give
 * on demand), then what the provider refuses to do. The real-server cases are in {@link SmtpProviderGreenMailTest}.
 *
 * <p>Sources of the wire format and reply codes: RFC 5321 (SMTP; §4.2 reply codes: 2yz done, 4yz transient, 5yz
 * permanent; §4.1.1.4 DATA ends with {@code CRLF.CRLF}, and only the reply to it commits the message), RFC 4954
 * (AUTH; 535 5.7.8 "authentication credentials invalid"), RFC 3207 (STARTTLS), RFC 5322 §3.6.4 (Message-ID), and
 * Angus Mail's {@code org.eclipse.angus.mail.smtp.SMTPTransport} (github.com/eclipse-ee4j/angus-mail,
 * {@code providers/angus-mail/src/main/java/org/eclipse/angus/mail/smtp/SMTPTransport.java}: which exception carries
 * which reply code).
 */
class SmtpProviderTest {
    static final String MESSAGE_ID = "6756c0ffee0000000000abcd";
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final String SECRET = "s3cret-Passw0rd";

    static SmtpProvider provider() {
        return new SmtpProvider(SocketFactory.getDefault(), Duration.ofSeconds(2), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static LineContext line(int port, Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>(Map.of("host", "127.0.0.1", "port", Integer.toString(port), "tls", "none",
                "fromAddress", "sales@example.com", "fromName", "Ana Sales", "username", "ana", "password", SECRET));
        config.putAll(overrides);
        config.values().removeIf(String::isEmpty);
        Line line = new Line(new LineId("aaaaaaaaaaaaaaaaaaaaaaaa"), new WorkspaceId("bbbbbbbbbbbbbbbbbbbbbbbb"), "Sales email",
                Optional.empty(), Optional.of(EmailAddress.parse("sales@example.com")), "Ana", "Sales", true, Set.of(Channel.EMAIL),
                new Provider("smtp"), Optional.empty(), 0, LineCaps.DEFAULTS, NOW, NOW);
        return new LineContext(line, config, URI.create("http://localhost:8080/hooks/smtp/aaaaaaaaaaaaaaaaaaaaaaaa"), "token");
    }

    static SendRequest request(LineContext line, Optional<String> subject) {
        return new SendRequest(new MessageId(MESSAGE_ID), line, Channel.EMAIL, "lead@example.org", subject, "Hola Ana, ¿qué tal? 👋", 1);
    }

    /** One row: the script, what the envelope must be (commands in order), and what send must answer. */
    record Row(String name, Map<String, String> script, Map<String, String> config, List<String> commandPrefixes,
            Consumer<SendOutcome> outcome) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<String> FULL = List.of("EHLO tuco.localdomain", "AUTH PLAIN", "MAIL FROM:<sales@example.com>",
            "RCPT TO:<lead@example.org>", "DATA", "QUIT");
    /** After a refusal the client resets the transaction and leaves politely. */
    static final List<String> AFTER_DATA_FAILED = List.of("EHLO tuco.localdomain", "AUTH PLAIN", "MAIL FROM:<sales@example.com>",
            "RCPT TO:<lead@example.org>", "DATA", "RSET", "QUIT");

    static Stream<Row> outgoing() {
        return Stream.of(
                new Row("accepted", Map.of(), Map.of(), FULL, Outcomes.accepted("<" + MESSAGE_ID + "@example.com>")),
                new Row("no AUTH without a username", Map.of(), Map.of("username", "", "password", ""),
                        List.of("EHLO tuco.localdomain", "MAIL FROM:<sales@example.com>", "RCPT TO:<lead@example.org>", "DATA", "QUIT"),
                        Outcomes.accepted("<" + MESSAGE_ID + "@example.com>")),
                new Row("535 on AUTH: the line's credentials", Map.of("AUTH", "535 5.7.8 Authentication credentials invalid"), Map.of(),
                        List.of("EHLO tuco.localdomain", "AUTH PLAIN"), Outcomes.credentialsRejected()),
                new Row("550 on RCPT: permanent", Map.of("RCPT", "550 5.1.1 No such user"), Map.of(),
                        List.of("EHLO tuco.localdomain", "AUTH PLAIN", "MAIL FROM:<sales@example.com>", "RCPT TO:<lead@example.org>",
                                "RSET", "QUIT"), Outcomes.rejected("SMTP_550", false)),
                new Row("450 on RCPT: retry later", Map.of("RCPT", "450 4.2.1 Mailbox busy, try later"), Map.of(),
                        List.of("EHLO tuco.localdomain", "AUTH PLAIN", "MAIL FROM:<sales@example.com>", "RCPT TO:<lead@example.org>",
                                "RSET", "QUIT"), Outcomes.rejected("SMTP_450", true)),
                new Row("451 after DATA: retry later", Map.of("END", "451 4.3.0 Temporary local problem"), Map.of(), AFTER_DATA_FAILED,
                        Outcomes.rejected("SMTP_451", true)),
                new Row("552 after DATA: permanent", Map.of("END", "552 5.3.4 Message too big"), Map.of(), AFTER_DATA_FAILED,
                        Outcomes.rejected("SMTP_552", false)),
                new Row("554 on MAIL FROM: permanent", Map.of("MAIL", "554 5.7.1 Sender rejected"), Map.of(),
                        List.of("EHLO tuco.localdomain", "AUTH PLAIN", "MAIL FROM:<sales@example.com>", "RSET", "QUIT"),
                        Outcomes.rejected("SMTP_554", false)),
                new Row("421 greeting: not sent, retry", Map.of("GREETING", "421 4.3.2 Service not available"), Map.of(), List.of(),
                        Outcomes.rejected("SMTP_CONNECT_FAILED", true)),
                new Row("STARTTLS required but not offered: not sent, retry", Map.of(), Map.of("tls", "starttls"),
                        List.of("EHLO tuco.localdomain"), Outcomes.rejected("SMTP_CONNECT_FAILED", true)),
                new Row("connection cut after the message was handed over: unknown", Map.of("END", ScriptedSmtpServer.CUT), Map.of(),
                        FULL.subList(0, 5), Outcomes.unknown()),
                new Row("silence after the message was handed over: unknown", Map.of("END", ScriptedSmtpServer.HANG), Map.of(),
                        FULL.subList(0, 5), Outcomes.unknown()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outgoing")
    void outgoingTable(Row row) throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(row.script())) {
            LineContext line = line(server.port(), row.config());
            SendOutcome outcome = provider().send(request(line, Optional.of("Quick question")));
            row.outcome().accept(outcome);
            List<String> commands = server.commands();
            assertThat(commands).hasSize(row.commandPrefixes().size());
            for (int i = 0; i < commands.size(); i++) {
                assertThat(commands.get(i)).as("command " + i).startsWith(row.commandPrefixes().get(i));
            }
            ProviderTestKit.assertNoSecret(provider(), line, String.valueOf(outcome), row.name());
            assertThat(String.valueOf(outcome)).doesNotContain(SECRET);
        }
    }

    @Test
    void theEnvelopeCarriesOurMessageIdTheSubjectAndUtf8Text() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of())) {
            provider().send(request(line(server.port(), Map.of()), Optional.of("Quick question")));
            String data = server.data();
            assertThat(data).contains("Message-ID: <" + MESSAGE_ID + "@example.com>")
                    .contains("Subject: Quick question")
                    .contains("To: lead@example.org")
                    .contains("From: Ana Sales <sales@example.com>")
                    .contains("Date: Tue, 1 Dec 2026 10:00:00 +0000 (UTC)")
                    .containsIgnoringCase("Content-Type: text/plain; charset=UTF-8");
        }
    }

    @Test
    void aConnectionRefusedBeforeAnythingWasSentIsRetryable() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        SendOutcome outcome = provider().send(request(line(closedPort, Map.of()), Optional.empty()));
        Outcomes.rejected("SMTP_CONNECT_FAILED", true).accept(outcome);
    }

    @Test
    void aHostTheGuardRefusesIsNeverConnectedTo() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of())) {
            SmtpProvider guarded = new SmtpProvider(new GuardedSocketFactory(NetworkPolicy.none()), Duration.ofSeconds(2),
                    Clock.fixed(NOW, ZoneOffset.UTC));
            SendOutcome outcome = guarded.send(request(line(server.port(), Map.of()), Optional.empty()));
            Outcomes.rejected("SMTP_CONNECT_FAILED", true).accept(outcome);
            assertThat(((SendOutcome.Rejected) outcome).message()).contains("BlockedAddressException");
            assertThat(guarded.checkHealth(line(server.port(), Map.of())).healthy()).isFalse();
            assertThat(server.commands()).isEmpty();
        }
    }

    @Test
    void healthIsEhloAuthQuit() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of())) {
            assertThat(provider().checkHealth(line(server.port(), Map.of()))).isEqualTo(HealthResult.ok());
            assertThat(server.commands()).hasSize(3);
            assertThat(server.commands().get(1)).startsWith("AUTH PLAIN");
            assertThat(server.commands().get(2)).isEqualTo("QUIT");
        }
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of("AUTH", "535 5.7.8 Authentication credentials invalid"))) {
            HealthResult result = provider().checkHealth(line(server.port(), Map.of()));
            assertThat(result.healthy()).isFalse();
            assertThat(result.reason()).contains("the SMTP server refused the credentials");
        }
    }
}
