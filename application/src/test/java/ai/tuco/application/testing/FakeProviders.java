package ai.tuco.application.testing;

import ai.tuco.application.provider.port.out.spi.ConfigField;
import ai.tuco.application.provider.port.out.spi.ConfigField.Type;
import ai.tuco.application.provider.port.out.spi.HealthResult;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.ProviderDirectory;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import ai.tuco.application.provider.port.out.spi.SendRequest;
import ai.tuco.domain.shared.Channel;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A provider directory of the given providers; {@link #standard()} holds the four the service builds in, declared as
 * they are (name, channels, configuration fields) without any sending.
 */
public final class FakeProviders implements ProviderDirectory {
    private final Map<String, MessagingProvider> byName = new LinkedHashMap<>();

    public FakeProviders(MessagingProvider... providers) {
        for (MessagingProvider p : providers) {
            byName.put(p.name(), p);
        }
    }

    /** sandbox (or the given stand-in for it), bluebubbles, twilio and smtp. */
    public static FakeProviders standard(MessagingProvider sandbox) {
        return new FakeProviders(sandbox,
                declared("bluebubbles", EnumSet.of(Channel.IMESSAGE, Channel.SMS),
                        ConfigField.required("serverUrl", Type.URL, "the relay's URL"),
                        ConfigField.secret("password", true, "the relay's password")),
                declared("twilio", EnumSet.of(Channel.SMS),
                        ConfigField.required("accountSid", Type.TEXT, "AC followed by 32 hex characters").matching("AC[0-9a-fA-F]{32}"),
                        ConfigField.secret("authToken", true, "the auth token"),
                        ConfigField.optional("baseUrl", Type.URL, "the API's base URL")),
                declared("smtp", EnumSet.of(Channel.EMAIL),
                        ConfigField.required("host", Type.TEXT, "host"),
                        ConfigField.required("port", Type.PORT, "port"),
                        ConfigField.secret("password", false, "password"),
                        ConfigField.choice("tls", Set.of("starttls", "implicit", "none"), "starttls", "tls"),
                        ConfigField.required("fromAddress", Type.EMAIL, "from")));
    }

    public static FakeProviders standard() {
        return standard(new FakeProvider());
    }

    @Override
    public Optional<MessagingProvider> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public Collection<MessagingProvider> all() {
        return List.copyOf(byName.values());
    }

    /** A provider that only declares itself; {@code crossCheck} problems come from {@link MessagingProvider#validate}. */
    public static MessagingProvider declared(String name, Set<Channel> channels, ConfigField... fields) {
        return new MessagingProvider() {
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
                return List.of(fields);
            }

            @Override
            public List<ConfigField.Problem> validate(Map<String, String> config) {
                if ("smtp".equals(name) && "none".equals(config.get("tls")) && config.containsKey("password")) {
                    return List.of(new ConfigField.Problem("providerConfig.tls", "providerConfig.tls must not be none when a password is sent"));
                }
                return List.of();
            }

            @Override
            public SendOutcome send(SendRequest request) {
                return SendOutcome.Rejected.permanent("PROVIDER_NOT_SUPPORTED", "declared only");
            }

            @Override
            public HealthResult checkHealth(LineContext line) {
                return HealthResult.ok();
            }
        };
    }
}
