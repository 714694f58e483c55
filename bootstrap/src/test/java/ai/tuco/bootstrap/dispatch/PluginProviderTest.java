package ai.tuco.bootstrap.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.ProviderDirectory;
import ai.tuco.bootstrap.ProviderPolls;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider plugin built here (a trivial provider's source compiled with the system Java compiler against the
 * service's classes, its {@code META-INF/services} entry written, jarred into a temporary {@code TUCO_PLUGINS_DIR})
 * is loaded at start and listed in the log; a line is created with it over the HTTP API, a message goes out through it
 * and its poller reports the delivery. Broken plugins beside it (a missing class, a constructor that throws, a taken
 * name, a malformed name) are logged by name and skipped, and the service runs. The line's secret configuration value
 * reaches the plugin and appears nowhere in the captured service log of the whole cycle.
 */
class PluginProviderTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    @TempDir
    static Path work;

    static final String SECRET = "acme-secret-" + UUID.randomUUID();
    static final String SERVICES = "META-INF/services/" + MessagingProvider.class.getName();
    static final MutableClock clock = new MutableClock(DispatchHarness.T0);
    static final ByteArrayOutputStream log = new ByteArrayOutputStream();
    static PrintStream originalErr;
    static DispatchHarness h;

    static final String ACME = """
            package acme.plugin;

            import ai.tuco.application.provider.port.out.spi.*;
            import ai.tuco.bootstrap.dispatch.PluginInbox;
            import ai.tuco.domain.shared.Channel;
            import java.time.Duration;
            import java.util.*;

            public class AcmeProvider implements MessagingProvider {
                public String name() { return "acme-sms"; }
                public Set<Channel> channels() { return EnumSet.of(Channel.SMS); }
                public List<ConfigField> configFields() {
                    return List.of(ConfigField.secret("apiKey", true, "the API key"),
                            ConfigField.choice("region", Set.of("eu", "us"), "us", "where the account lives"));
                }
                public SendOutcome send(SendRequest r) {
                    PluginInbox.SENT.add(Map.of("messageId", r.messageId().value(), "to", r.to(), "text", r.text(),
                            "apiKey", r.line().require("apiKey"), "region", r.line().require("region"),
                            "callbackBase", r.line().callbackBase().toString(), "callbackToken", r.line().callbackToken()));
                    return new SendOutcome.Accepted("acme-" + r.messageId().value());
                }
                public HealthResult checkHealth(LineContext line) { return HealthResult.ok(); }
                public Optional<EventPoller> poller() {
                    return Optional.of(new EventPoller() {
                        public Scope scope() { return Scope.PER_PROVIDER; }
                        public Duration interval() { return Duration.ofHours(1); }
                        public Polled poll(Optional<LineContext> line, Optional<String> cursor) {
                            List<StatusUpdate> out = new ArrayList<>();
                            for (String id = PluginInbox.DELIVERABLE.poll(); id != null; id = PluginInbox.DELIVERABLE.poll()) {
                                out.add(StatusUpdate.byExternalId("acme-" + id, StatusUpdate.Kind.DELIVERED));
                            }
                            return new Polled(out, Optional.empty());
                        }
                    });
                }
            }
            """;

    /** A provider of the given name whose constructor may throw. */
    static String broken(String className, String name, boolean constructorThrows) {
        return """
                package acme.plugin;

                import ai.tuco.application.provider.port.out.spi.*;
                import ai.tuco.domain.shared.Channel;
                import java.util.*;

                public class %s implements MessagingProvider {
                    public %s() { if (%s) { throw new IllegalStateException("cannot start"); } }
                    public String name() { return "%s"; }
                    public Set<Channel> channels() { return EnumSet.of(Channel.SMS); }
                    public List<ConfigField> configFields() { return List.of(); }
                    public SendOutcome send(SendRequest r) { return new SendOutcome.Accepted("x"); }
                    public HealthResult checkHealth(LineContext line) { return HealthResult.ok(); }
                }
                """.formatted(className, className, constructorThrows, name);
    }

    @BeforeAll
    static void buildPluginsAndStart() throws Exception {
        Path src = work.resolve("src/acme/plugin");
        Path classes = work.resolve("classes");
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.createDirectories(src);
        Files.createDirectories(classes);
        Files.writeString(src.resolve("AcmeProvider.java"), ACME);
        Files.writeString(src.resolve("Throws.java"), broken("Throws", "throws", true));
        Files.writeString(src.resolve("Duplicate.java"), broken("Duplicate", "sandbox", false));
        Files.writeString(src.resolve("BadName.java"), broken("BadName", "Bad Name", false));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath = String.join(java.io.File.pathSeparator, location(MessagingProvider.class),
                location(Channel.class), location(PluginInbox.class));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", classpath, "--release", "17"));
        try (Stream<Path> files = Files.list(src)) {
            files.map(Path::toString).forEach(args::add);
        }
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("the plugin sources compile").isZero();

        jar(plugins.resolve("acme-sms.jar"), classes, "acme.plugin.AcmeProvider");
        jar(plugins.resolve("broken-missing.jar"), classes, "acme.plugin.NoSuchProvider");
        jar(plugins.resolve("broken-throws.jar"), classes, "acme.plugin.Throws");
        jar(plugins.resolve("broken-duplicate.jar"), classes, "acme.plugin.Duplicate");
        jar(plugins.resolve("broken-name.jar"), classes, "acme.plugin.BadName");
        Files.writeString(plugins.resolve("README.txt"), "not a jar: ignored");

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
        h = new DispatchHarness(db, clock, DispatchHarness.testSettings(), "TUCO_PLUGINS_DIR", plugins.toString(),
                "TUCO_PUBLIC_URL", "https://tuco.example.com");
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
        System.setErr(originalErr);
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** A jar of every compiled class whose services file names {@code provider}. */
    private static void jar(Path jar, Path classes, String provider) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry(SERVICES));
            out.write((provider + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    private static String log() {
        synchronized (log) {
            return log.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void thePlugin_isLoadedBesideTheBuiltIns_andTheBrokenOnesAreLoggedAndSkipped() {
        List<String> names = h.tuco.get(ProviderDirectory.class).all().stream().map(MessagingProvider::name).toList();
        assertThat(names).containsExactly("sandbox", "bluebubbles", "twilio", "smtp", "acme-sms");

        String log = log();
        assertThat(log).contains("provider sandbox loaded from built-in: channels [email, imessage, sms]")
                .contains("provider acme-sms loaded from acme-sms.jar: channels [sms]")
                .contains("plugin broken-missing.jar: a provider was skipped")
                .contains("plugin broken-throws.jar: a provider was skipped").contains("cannot start")
                .contains("provider sandbox (acme.plugin.Duplicate) from broken-duplicate.jar skipped: the name is taken")
                .contains("provider acme.plugin.BadName from broken-name.jar skipped: its name must be")
                .doesNotContain("README.txt");
    }

    @Test
    void aLineOfThePlugin_sendsThroughIt_andItsPollerReportsTheDelivery_withoutItsSecretInAnyLog() {
        TestWorkspace ws = h.workspace();
        DispatchHarness.Response created = h.post(ws, "/api/lines", Map.of("name", "Acme", "provider", "acme-sms",
                "channels", List.of("sms"), "phone", "+13125550777", "providerConfig", Map.of("apiKey", SECRET, "region", "eu")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(SECRET);
        assertThat(created.json().at("/line/provider").asText()).isEqualTo("acme-sms");
        LineId line = new LineId(created.json().at("/line/_id").asText());

        LeadId lead = h.lead(ws, "Ada", "+13125550778");
        String id = h.send(ws, line, Channel.SMS, lead, "Hello from Acme");
        assertThat(h.dispatchAll("d1")).isEqualTo(1);

        JsonNode sent = h.message(ws, id);
        assertThat(sent.get("status").asText()).isEqualTo("sent");
        assertThat(sent.get("externalMessageId").asText()).isEqualTo("acme-" + id);
        Map<String, String> call = PluginInbox.SENT.stream().filter(c -> c.get("messageId").equals(id)).findFirst().orElseThrow();
        assertThat(call).containsEntry("to", "+13125550778").containsEntry("text", "Hello from Acme")
                .containsEntry("apiKey", SECRET).containsEntry("region", "eu")
                .containsEntry("callbackBase", "https://tuco.example.com/hooks/acme-sms/" + line.value());
        assertThat(call.get("callbackToken")).matches("[A-Za-z0-9_-]{43}");

        PluginInbox.DELIVERABLE.add(id);
        assertThat(h.tuco.get(ProviderPolls.class).drain("acme-sms")).isEqualTo(1);
        assertThat(h.status(ws, id)).isEqualTo("delivered");

        assertThat(h.get(ws, "/api/lines/" + line.value()).body()).doesNotContain(SECRET);
        assertThat(h.get(ws, "/api/messages/" + id + "/events").body()).doesNotContain(SECRET);
        assertThat(log()).contains("POST /api/lines 201").doesNotContain(SECRET).doesNotContain(call.get("callbackToken"));
    }

    @Test
    void thePluginsConfiguration_isCheckedFromTheFieldsItDeclares_andAnUnknownProviderListsTheLoadedOnes() {
        TestWorkspace ws = h.workspace();
        DispatchHarness.Response missing = h.post(ws, "/api/lines", Map.of("provider", "acme-sms", "channels", List.of("sms"),
                "phone", "+13125550779", "providerConfig", Map.of("region", "mars", "extra", SECRET)));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("providerConfig.apiKey").contains("providerConfig.region").contains("providerConfig.extra")
                .doesNotContain(SECRET).doesNotContain("mars");

        DispatchHarness.Response unknown = h.post(ws, "/api/lines", Map.of("provider", "carrier-pigeon", "channels", List.of("sms"),
                "phone", "+13125550779"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/details/0/field").asText()).isEqualTo("provider");
        assertThat(unknown.body()).contains("sandbox, bluebubbles, twilio, smtp, acme-sms");

        DispatchHarness.Response email = h.post(ws, "/api/lines", Map.of("provider", "acme-sms", "channels", List.of("email"),
                "email", "a@example.com", "providerConfig", Map.of("apiKey", SECRET)));
        assertThat(email.status()).isEqualTo(400);
        assertThat(email.body()).contains("acme-sms lines can send [sms] only");
    }
}
