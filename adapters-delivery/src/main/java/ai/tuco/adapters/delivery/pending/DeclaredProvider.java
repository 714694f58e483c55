package ai.tuco.adapters.delivery.pending;

import ai.tuco.application.provider.port.out.spi.ConfigField;
import ai.tuco.application.provider.port.out.spi.ConfigField.Type;
import ai.tuco.application.provider.port.out.spi.HealthResult;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import ai.tuco.application.provider.port.out.spi.SendRequest;
import ai.tuco.domain.shared.Channel;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A provider whose lines can be configured but whose client is not built in yet: it declares its name, channels and
 * configuration fields (so lines of it are validated and sealed exactly as before the SPI) and refuses every send with
 * {@code PROVIDER_NOT_SUPPORTED}. Stand-ins for BlueBubbles, Twilio and SMTP until their own packages are bound in
 * their place (one binding each in bootstrap's {@code ProvidersModule}); then this package goes.
 */
public final class DeclaredProvider implements MessagingProvider {
    private final String name;
    private final Set<Channel> channels;
    private final List<ConfigField> fields;

    private DeclaredProvider(String name, Set<Channel> channels, List<ConfigField> fields) {
        this.name = name;
        this.channels = Set.copyOf(channels);
        this.fields = List.copyOf(fields);
    }

    public static DeclaredProvider bluebubbles() {
        return new DeclaredProvider("bluebubbles", EnumSet.of(Channel.IMESSAGE, Channel.SMS), List.of(
                ConfigField.required("serverUrl", Type.URL, "the relay's URL"),
                ConfigField.secret("password", true, "the relay's password")));
    }

    public static DeclaredProvider twilio() {
        return new DeclaredProvider("twilio", EnumSet.of(Channel.SMS), List.of(
                ConfigField.required("accountSid", Type.TEXT, "AC followed by 32 hex characters").matching("AC[0-9a-fA-F]{32}"),
                ConfigField.secret("authToken", true, "the account's auth token"),
                ConfigField.optional("baseUrl", Type.URL, "the API's base URL")));
    }

    public static DeclaredProvider smtp() {
        return new DeclaredProvider("smtp", EnumSet.of(Channel.EMAIL), List.of(
                ConfigField.required("host", Type.TEXT, "the SMTP server"),
                ConfigField.required("port", Type.PORT, "the SMTP port"),
                ConfigField.optional("username", Type.TEXT, "the login"),
                ConfigField.secret("password", false, "the password"),
                ConfigField.choice("tls", Set.of("starttls", "implicit", "none"), "starttls", "how the connection is encrypted"),
                ConfigField.required("fromAddress", Type.EMAIL, "the sender address"),
                ConfigField.optional("fromName", Type.TEXT, "the sender name"),
                ConfigField.optional("defaultSubject", Type.TEXT, "the subject when a message has none")));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Channel> channels() {
        return channels;
    }

    @Override
    public List<ConfigField> configFields() {
        return fields;
    }

    @Override
    public SendOutcome send(SendRequest request) {
        return SendOutcome.Rejected.permanent("PROVIDER_NOT_SUPPORTED", "This node has no " + name + " client yet");
    }

    @Override
    public HealthResult checkHealth(LineContext line) {
        return HealthResult.unhealthy("this node has no " + name + " client yet");
    }
}
