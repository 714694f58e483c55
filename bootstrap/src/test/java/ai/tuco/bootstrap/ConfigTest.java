package ai.tuco.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.adapters.delivery.net.NetworkPolicy;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {
    @Test
    void emptyEnvironment_givesTheDocumentedDefaults() {
        Config c = Config.from(Map.of());
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.embedded()).isTrue();
        assertThat(c.demo()).isTrue();
        assertThat(c.dataDir()).isEqualTo(Path.of("tuco-data"));
        assertThat(c.poolSize()).isEqualTo(10);
        assertThat(c.publicUrl()).isEqualTo("http://localhost:8080");
        assertThat(c.rateLimitPerMinute()).isEqualTo(6000);
        assertThat(c.dispatchEnabled()).isTrue();
        assertThat(c.dispatchThreads()).isEqualTo(2);
        assertThat(c.dispatchBatch()).isEqualTo(50);
        assertThat(c.dispatchPerLine()).isEqualTo(50);
        assertThat(c.dispatchClaimSpan()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.maxSendAttempts()).isEqualTo(5);
        assertThat(c.secretKey()).isEmpty();
        assertThat(c.clerkAutoProvision()).isFalse();
        assertThat(c.auditRetention()).as("audit rows kept forever").isEmpty();
        assertThat(c.metricsToken()).isEmpty();
        assertThat(c.exportPageSize()).isEqualTo(2000);
        assertThat(c.allowPrivateNetworks()).as("only public addresses reached").isEqualTo(NetworkPolicy.none());
        assertThat(c.webhookAllowHttp()).as("webhook URLs must be https").isFalse();
        assertThat(c.pluginsDir()).as("no plugin directory: built-in providers only").isEmpty();
    }

    @Test
    void webhookAllowHttp_isABooleanNamedInItsError() {
        assertThat(Config.from(Map.of("TUCO_WEBHOOK_ALLOW_HTTP", "true")).webhookAllowHttp()).isTrue();
        assertThatThrownBy(() -> Config.from(Map.of("TUCO_WEBHOOK_ALLOW_HTTP", "maybe")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("TUCO_WEBHOOK_ALLOW_HTTP");
    }

    @Test
    void allowPrivateNetworks_isParsedIntoTheGuardsPolicy() {
        NetworkPolicy policy = Config.from(Map.of("TUCO_ALLOW_PRIVATE_NETWORKS", "192.168.1.0/24, bluebubbles.lan")).allowPrivateNetworks();
        assertThat(policy.permits("relay", ip("192.168.1.20"))).isTrue();
        assertThat(policy.permits("bluebubbles.lan", ip("10.0.0.9"))).isTrue();
        assertThat(policy.permits("other.lan", ip("10.0.0.9"))).isFalse();
        assertThat(Config.from(Map.of("TUCO_ALLOW_PRIVATE_NETWORKS", "true")).allowPrivateNetworks().allowsEverything()).isTrue();
        assertThat(Config.from(Map.of("TUCO_ALLOW_PRIVATE_NETWORKS", " ")).allowPrivateNetworks()).isEqualTo(NetworkPolicy.none());
    }

    @Test
    void pluginsDir_isAnExistingDirectory(@org.junit.jupiter.api.io.TempDir Path dir) {
        assertThat(Config.from(Map.of("TUCO_PLUGINS_DIR", dir.toString())).pluginsDir()).contains(dir);
        assertThat(Config.from(Map.of("TUCO_PLUGINS_DIR", " ")).pluginsDir()).isEmpty();
        assertThatThrownBy(() -> Config.from(Map.of("TUCO_PLUGINS_DIR", dir.resolve("missing").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("TUCO_PLUGINS_DIR: ")
                .hasMessageContaining("must be an existing directory");
    }

    @Test
    void metricsToken_isReadWhenSet() {
        assertThat(Config.from(Map.of("TUCO_METRICS_TOKEN", "s3cret-Token_1")).metricsToken()).contains("s3cret-Token_1");
        assertThat(Config.from(Map.of("TUCO_METRICS_TOKEN", "  ")).metricsToken()).isEmpty();
    }

    @Test
    void auditRetentionDays_isADurationInDays() {
        assertThat(Config.from(Map.of("TUCO_AUDIT_RETENTION_DAYS", "400")).auditRetention()).contains(java.time.Duration.ofDays(400));
        assertThat(Config.from(Map.of("TUCO_AUDIT_RETENTION_DAYS", " ")).auditRetention()).isEmpty();
    }

    @Test
    void clerkAutoProvision_isSwitchedOnExplicitly() {
        assertThat(Config.from(Map.of("TUCO_CLERK_AUTO_PROVISION", "true")).clerkAutoProvision()).isTrue();
        assertThat(Config.from(Map.of("TUCO_CLERK_AUTO_PROVISION", "false")).clerkAutoProvision()).isFalse();
    }

    @Test
    void externalDatabase_turnsTheDemoOffByDefault() {
        Config c = Config.from(Map.of("TUCO_DATABASE_URL", "postgres://u:p@db:5432/tuco"));
        assertThat(c.embedded()).isFalse();
        assertThat(c.demo()).isFalse();
        assertThat(c.database().orElseThrow().jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/tuco");
    }

    @Test
    void secretKeyList_namesTheCurrentKeyFirstAndKeepsPreviousOnesForReading() {
        String current = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        byte[] oldBytes = new byte[32];
        java.util.Arrays.fill(oldBytes, (byte) 7);
        String old = java.util.Base64.getEncoder().encodeToString(oldBytes);
        Config c = Config.from(Map.of("TUCO_SECRET_KEY", current + ", " + old));
        assertThat(c.secretKey()).hasValueSatisfying(k -> assertThat(k).isEqualTo(new byte[32]));
        assertThat(c.previousSecretKeys()).hasSize(1);
        assertThat(c.previousSecretKeys().get(0)).isEqualTo(oldBytes);
        assertThatThrownBy(() -> Config.from(Map.of("TUCO_SECRET_KEY", current + ",c2hvcnQ=")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("exactly 32 bytes");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "TUCO_PORT|abc|must be a whole number",
        "TUCO_PORT|70000|between 0 and 65535",
        "TUCO_DATABASE_URL|mysql://x/y|expected jdbc:postgresql",
        "TUCO_DATABASE_POOL_SIZE|0|between 1",
        "TUCO_DEMO|maybe|true or false",
        "TUCO_SECRET_KEY|not base64!|must be base64",
        "TUCO_SECRET_KEY|c2hvcnQ=|exactly 32 bytes",
        "TUCO_PUBLIC_URL|ftp://x|http(s) URL",
        "TUCO_CLERK_JWKS_URL|nope|http(s) URL",
        "TUCO_CLERK_AUTO_PROVISION|sometimes|true or false",
        "TUCO_RATE_LIMIT_PER_MINUTE|-1|between 1",
        "TUCO_DISPATCH_ENABLED|yesplease|true or false",
        "TUCO_DISPATCH_THREADS|x|whole number",
        "TUCO_DISPATCH_BATCH|0|between 1 and 1000",
        "TUCO_DISPATCH_PER_LINE|1001|between 1 and 1000",
        "TUCO_DISPATCH_CLAIM_SPAN_MILLIS|-5|between 0 and 60000",
        "TUCO_MAX_SEND_ATTEMPTS|0|between 1",
        "TUCO_AUDIT_RETENTION_DAYS|0|between 1 and 36500",
        "TUCO_AUDIT_RETENTION_DAYS|a year|whole number",
        "TUCO_METRICS_TOKEN|two words|printable ASCII without spaces",
        "TUCO_EXPORT_PAGE_SIZE|0|between 1 and 10000",
        "TUCO_ALLOW_PRIVATE_NETWORKS|192.168.1.5/24|first address, e.g. 192.168.1.0/24",
        "TUCO_ALLOW_PRIVATE_NETWORKS|*.lan|wildcards are not supported",
    })
    void badValue_isRefusedWithOneLineNamingTheVariable(String variable, String value, String expected) {
        assertThatThrownBy(() -> Config.from(Map.of(variable, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + ": ")
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
