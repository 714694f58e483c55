package ai.tuco.adapters.delivery.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.util.Properties;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guarded socket factory under Angus Mail, as its Javadoc says to install it: plain SMTP (STARTTLS or none) and
 * implicit TLS ({@code smtps}, where Angus layers TLS over the plain guarded socket), against GreenMail on loopback.
 */
class GuardedSocketFactoryMailTest {
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(servers());

    static ServerSetup[] servers() {
        ServerSetup[] setups = ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP, ServerSetupTest.SMTPS});
        for (ServerSetup s : setups) {
            s.setServerStartupTimeout(20_000);
        }
        return setups;
    }

    static Transport transport(String protocol, NetworkPolicy policy) throws Exception {
        Properties p = new Properties();
        p.put("mail." + protocol + ".connectiontimeout", "5000");
        p.put("mail." + protocol + ".timeout", "5000");
        p.put("mail." + protocol + ".writetimeout", "5000"); // Angus wraps the socket; the guard still sees the connect
        if (protocol.equals("smtps")) {
            p.put("mail.smtps.ssl.trust", "*"); // GreenMail's self-signed certificate, in this test only
            p.put("mail.smtps.ssl.checkserveridentity", "false");
        }
        p.putAll(new GuardedSocketFactory(policy).mailProperties(protocol));
        return Session.getInstance(p).getTransport(protocol);
    }

    static int port(String protocol) {
        return protocol.equals("smtps") ? MAIL.getSmtps().getPort() : MAIL.getSmtp().getPort();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"smtp", "smtps"})
    void aRelayOnLoopback_isRefusedByDefault(String protocol) throws Exception {
        Transport transport = transport(protocol, NetworkPolicy.none());

        Throwable thrown = catchThrowable(() -> transport.connect("127.0.0.1", port(protocol), null, null));

        assertThat(BlockedAddressException.in(thrown)).as("refusal inside %s", thrown)
                .hasValueSatisfying(b -> assertThat(b.reason()).contains("loopback"));
        assertThat(transport.isConnected()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"smtp", "smtps"})
    void aListedRelay_isReached(String protocol) throws Exception {
        try (Transport transport = transport(protocol, NetworkPolicy.parse("127.0.0.1/32"))) {
            transport.connect("127.0.0.1", port(protocol), null, null);

            assertThat(transport.isConnected()).isTrue();
        }
    }
}
