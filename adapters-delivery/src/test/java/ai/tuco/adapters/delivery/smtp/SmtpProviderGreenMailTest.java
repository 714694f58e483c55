package ai.tuco.adapters.delivery.smtp;

import static ai.tuco.adapters.delivery.smtp.SmtpProviderTest.MESSAGE_ID;
import static ai.tuco.adapters.delivery.smtp.SmtpProviderTest.NOW;
import static ai.tuco.adapters.delivery.smtp.SmtpProviderTest.SECRET;
import static ai.tuco.adapters.delivery.smtp.SmtpProviderTest.line;
import static ai.tuco.adapters.delivery.smtp.SmtpProviderTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.provider.port.out.spi.HealthResult;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import ai.tuco.application.provider.port.out.spi.SendRequest;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.net.SocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SMTP provider against a real SMTP server (GreenMail): plain and implicit TLS, AUTH, UTF-8, subjects. */
class SmtpProviderGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(servers())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("sales@example.com", "ana", SECRET));

    /** Plain SMTP and SMTPS on free ports, with a startup timeout a busy CI machine can meet. */
    static ServerSetup[] servers() {
        ServerSetup[] setups = ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP, ServerSetupTest.SMTPS});
        for (ServerSetup s : setups) {
            s.setServerStartupTimeout(20_000);
        }
        return setups;
    }

    /** Trusts GreenMail's self-signed certificate: for this test only, never in production. */
    static SmtpProvider provider() {
        Properties trustTestCertificate = new Properties();
        trustTestCertificate.put("mail.smtps.ssl.trust", "*");
        trustTestCertificate.put("mail.smtps.ssl.checkserveridentity", "false");
        return new SmtpProvider(SocketFactory.getDefault(), Duration.ofSeconds(5), Clock.fixed(NOW, ZoneOffset.UTC),
                trustTestCertificate);
    }

    @Test
    void sendsUtf8PlainTextWithOurMessageIdOverPlainSmtpWithAuth() throws Exception {
        SendOutcome outcome = provider().send(request(line(MAIL.getSmtp().getPort(), Map.of()), Optional.of("¿Una pregunta? ✓")));

        assertThat(outcome).isEqualTo(new SendOutcome.Accepted("<" + MESSAGE_ID + "@example.com>"));
        MimeMessage[] received = MAIL.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage m = received[0];
        assertThat(m.getMessageID()).isEqualTo("<" + MESSAGE_ID + "@example.com>");
        assertThat(m.getSubject()).isEqualTo("¿Una pregunta? ✓");
        assertThat(m.getFrom()[0].toString()).isEqualTo("Ana Sales <sales@example.com>");
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo("lead@example.org");
        assertThat(m.getContentType()).containsIgnoringCase("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(((String) m.getContent()).strip()).isEqualTo("Hola Ana, ¿qué tal? 👋");
    }

    @Test
    void anEmailCarriesItsOneClickUnsubscribeLink_rfc8058() throws Exception {
        SendRequest plain = request(line(MAIL.getSmtp().getPort(), Map.of()), Optional.of("Hi"));
        java.net.URI link = java.net.URI.create("https://tuco.example/unsubscribe/" + MESSAGE_ID + ".c2lnbmF0dXJlLXN0dWItMTI");
        provider().send(new SendRequest(plain.messageId(), plain.line(), plain.channel(), plain.to(), plain.subject(),
                plain.text(), plain.attempt(), Optional.of(link)));
        provider().send(plain);

        MimeMessage[] received = MAIL.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(received[0].getHeader("List-Unsubscribe")).containsExactly("<" + link + ">");
        assertThat(received[0].getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
        // without a link, neither header
        assertThat(received[1].getHeader("List-Unsubscribe")).isNull();
        assertThat(received[1].getHeader("List-Unsubscribe-Post")).isNull();
    }

    @Test
    void sendsOverImplicitTls() throws Exception {
        SendOutcome outcome = provider().send(request(line(MAIL.getSmtps().getPort(), Map.of("tls", "implicit")), Optional.of("TLS")));

        assertThat(outcome).isInstanceOf(SendOutcome.Accepted.class);
        assertThat(MAIL.getReceivedMessages()).extracting(MimeMessage::getSubject).containsExactly("TLS");
    }

    @Test
    void withoutASubjectTheLinesDefaultSubjectIsUsed() throws Exception {
        provider().send(request(line(MAIL.getSmtp().getPort(), Map.of("defaultSubject", "Hello from Ana")), Optional.empty()));

        assertThat(MAIL.getReceivedMessages()).extracting(MimeMessage::getSubject).containsExactly("Hello from Ana");
    }

    @Test
    void aWrongPasswordIsTheLinesCredentialsNotTheMessage() {
        SendOutcome outcome = provider().send(request(line(MAIL.getSmtp().getPort(), Map.of("password", "wrong-password")), Optional.empty()));

        assertThat(outcome).isInstanceOf(SendOutcome.CredentialsRejected.class);
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void healthConnectsAuthenticatesAndQuits() {
        assertThat(provider().checkHealth(line(MAIL.getSmtp().getPort(), Map.of()))).isEqualTo(HealthResult.ok());
        assertThat(provider().checkHealth(line(MAIL.getSmtps().getPort(), Map.of("tls", "implicit")))).isEqualTo(HealthResult.ok());
        HealthResult refused = provider().checkHealth(line(MAIL.getSmtp().getPort(), Map.of("password", "wrong-password")));
        assertThat(refused.healthy()).isFalse();
        assertThat(refused.reason().orElseThrow()).doesNotContain("wrong-password");
    }
}
