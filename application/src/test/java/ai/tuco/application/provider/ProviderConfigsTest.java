package ai.tuco.application.provider;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.provider.port.out.ProviderConfigs;
import ai.tuco.application.provider.port.out.spi.ConfigField;
import ai.tuco.application.provider.port.out.spi.ConfigField.Type;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.testing.FakeProviders;
import ai.tuco.domain.shared.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** A line's providerConfig checked from the fields its provider declares: types, defaults, canonical strings. */
class ProviderConfigsTest {
    static final String SECRET = "s3cr3t-value";
    static final MessagingProvider PROVIDER = FakeProviders.declared("acme", Set.of(Channel.SMS),
            ConfigField.secret("apiKey", true, "the key"),
            ConfigField.required("endpoint", Type.URL, "the API"),
            ConfigField.optional("port", Type.PORT, "port"),
            ConfigField.optional("sandbox", Type.BOOLEAN, "test mode"),
            ConfigField.optional("replyTo", Type.EMAIL, "replies"),
            ConfigField.choice("region", Set.of("eu", "us"), "us", "region"),
            ConfigField.optional("account", Type.TEXT, "ACC and 4 digits").matching("ACC[0-9]{4}"));

    static Map<String, Object> valid(Object... more) {
        Map<String, Object> m = new HashMap<>(Map.of("apiKey", " " + SECRET + " ", "endpoint", "https://api.example.com"));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    @Test
    void aValidConfiguration_leavesAsCanonicalStringsWithDefaults() {
        List<ConfigField.Problem> errors = new ArrayList<>();
        Map<String, String> out = ProviderConfigs.validate(PROVIDER, valid("port", 2525, "sandbox", true, "account", "ACC0042",
                "replyTo", "ops@example.com"), errors);

        assertThat(errors).isEmpty();
        assertThat(out).isEqualTo(Map.of("apiKey", SECRET, "endpoint", "https://api.example.com", "port", "2525",
                "sandbox", "true", "region", "us", "account", "ACC0042", "replyTo", "ops@example.com"));
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("missing required", Map.of("endpoint", "https://api.example.com"), "providerConfig.apiKey"),
                Arguments.of("blank secret", valid("apiKey", "  "), "providerConfig.apiKey"),
                Arguments.of("secret as a number", valid("apiKey", 12345), "providerConfig.apiKey"),
                Arguments.of("two-line text", valid("apiKey", SECRET + "\r\nX: y"), "providerConfig.apiKey"),
                Arguments.of("not http", valid("endpoint", "ftp://" + SECRET), "providerConfig.endpoint"),
                Arguments.of("port as text", valid("port", "2525"), "providerConfig.port"),
                Arguments.of("port out of range", valid("port", 70_000), "providerConfig.port"),
                Arguments.of("fractional port", valid("port", 25.5), "providerConfig.port"),
                Arguments.of("boolean as text", valid("sandbox", "yes"), "providerConfig.sandbox"),
                Arguments.of("bad email", valid("replyTo", SECRET), "providerConfig.replyTo"),
                Arguments.of("unknown choice", valid("region", SECRET), "providerConfig.region"),
                Arguments.of("pattern", valid("account", "ACC" + SECRET), "providerConfig.account"),
                Arguments.of("nested value", valid("account", Map.of("x", SECRET)), "providerConfig.account"),
                Arguments.of("unknown key", valid("token", SECRET), "providerConfig.token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void aBrokenValue_isNamedOnceAndNeverEchoed(String label, Map<String, Object> raw, String field) {
        List<ConfigField.Problem> errors = new ArrayList<>();
        ProviderConfigs.validate(PROVIDER, raw, errors);

        assertThat(errors).extracting(ConfigField.Problem::field).containsExactly(field);
        assertThat(errors.toString()).doesNotContain(SECRET);
    }

    @Test
    void theProvidersOwnCheck_runsOnlyOnceEveryFieldPassed() {
        MessagingProvider smtp = FakeProviders.standard().find("smtp").orElseThrow();
        Map<String, Object> base = new HashMap<>(Map.of("host", "smtp.example.com", "port", 25, "fromAddress", "a@example.com",
                "password", SECRET, "tls", "none"));
        List<ConfigField.Problem> errors = new ArrayList<>();
        ProviderConfigs.validate(smtp, base, errors);
        assertThat(errors).extracting(ConfigField.Problem::field).containsExactly("providerConfig.tls");

        base.put("port", "25");
        errors.clear();
        ProviderConfigs.validate(smtp, base, errors);
        assertThat(errors).extracting(ConfigField.Problem::field).containsExactly("providerConfig.port");
    }

    @Test
    void aPatternWithAnExpectedText_saysWhatTheValueMustBe_andAPatternWithoutOneFallsBackOnTheDescription() {
        MessagingProvider provider = FakeProviders.declared("acme", Set.of(Channel.SMS),
                ConfigField.required("accountSid", Type.TEXT, "the account").matching("AC[0-9a-f]{32}", "AC followed by 32 hex characters"),
                ConfigField.optional("account", Type.TEXT, "ACC and 4 digits").matching("ACC[0-9]{4}"));
        List<ConfigField.Problem> errors = new ArrayList<>();
        ProviderConfigs.validate(provider, Map.of("accountSid", "AC" + SECRET, "account", "ACC" + SECRET), errors);

        assertThat(errors).containsExactly(
                new ConfigField.Problem("providerConfig.accountSid", "providerConfig.accountSid must be AC followed by 32 hex characters"),
                new ConfigField.Problem("providerConfig.account", "providerConfig.account is not in the expected format (ACC and 4 digits)"));
    }

    @Test
    void anExpectedText_isRequired() {
        ConfigField field = ConfigField.required("sid", Type.TEXT, "the sid");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> field.matching("AC.*", " "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
