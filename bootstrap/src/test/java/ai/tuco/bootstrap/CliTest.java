package ai.tuco.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CliTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            assertThat(out.strip().lines()).hasSize(1);
            return TestHttp.JSON.readTree(out);
        }
    }

    static Run run(Map<String, String> env, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), null);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run run(String... args) {
        return run(TestConfigs.env(db), args);
    }

    @Test
    void workspaceCreate_printsTheIdAndAnAdminKeyStoredOnlyAsAHash() throws Exception {
        Run r = run("workspace", "create", "--name", "Acme", "--default-country", "GB");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = r.json();
        String id = json.get("workspaceId").asText();
        String key = json.get("apiKey").asText();
        assertThat(id).matches("[0-9a-f]{24}");
        assertThat(key).startsWith("tuco_sk_");
        var row = db.jdbi().withHandle(h -> h.createQuery("SELECT name, default_country, status FROM workspaces WHERE id = :id")
                .bind("id", id).mapToMap().one());
        assertThat(row).containsEntry("name", "Acme").containsEntry("default_country", "GB").containsEntry("status", "active");
        var keyRow = db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT role, encode(secret_sha256, 'hex') AS hash FROM api_keys WHERE workspace_id = :id")
                .bind("id", id).mapToMap().one());
        assertThat(keyRow.get("role")).isEqualTo("admin");
        assertThat(keyRow.get("hash").toString()).hasSize(64).doesNotContain(key.substring(8));
        long audits = db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM audit_log WHERE workspace_id = :id AND actor_type = 'cli'")
                .bind("id", id).mapTo(Long.class).one());
        assertThat(audits).isEqualTo(2);
    }

    @Test
    void readOnly_switchesTheWorkspaceBothWays() throws Exception {
        String id = run("workspace", "create", "--name", "Ro").json().get("workspaceId").asText();
        Run on = run("workspace", "read-only", "--id", id, "--on");
        assertThat(on.exit()).as(on.err()).isZero();
        assertThat(on.json().get("status").asText()).isEqualTo("read_only");
        assertThat(status(id)).isEqualTo("read_only");
        assertThat(run("workspace", "read-only", "--id", id, "--off").json().get("status").asText()).isEqualTo("active");
        assertThat(status(id)).isEqualTo("active");
    }

    @Test
    void readOnly_ofAnUnknownWorkspace_failsWithOneLine() {
        Run r = run("workspace", "read-only", "--id", "0123456789abcdef01234567", "--on");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("not found");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void apiKeyCreate_makesAMemberKeyBoundToAUser() throws Exception {
        String ws = run("workspace", "create", "--name", "Keys").json().get("workspaceId").asText();
        Run r = run("api-key", "create", "--workspace", ws, "--role", "member", "--user", "aaaaaaaaaaaaaaaaaaaaaaaa");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = r.json();
        assertThat(json.get("apiKey").asText()).startsWith("tuco_sk_");
        var row = db.jdbi().withHandle(h -> h.createQuery("SELECT role, user_id FROM api_keys WHERE id = :id")
                .bind("id", json.get("apiKeyId").asText()).mapToMap().one());
        assertThat(row).containsEntry("role", "member").containsEntry("user_id", "aaaaaaaaaaaaaaaaaaaaaaaa");
    }

    @Test
    void apiKeyCreate_refusesABadRole() {
        Run r = run("api-key", "create", "--workspace", "aaaaaaaaaaaaaaaaaaaaaaaa", "--role", "owner");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("--role must be admin or member");
    }

    @Test
    void lineCreate_normalisesThePhoneInTheWorkspaceCountry() throws Exception {
        String ws = run("workspace", "create", "--name", "Lines", "--default-country", "US").json().get("workspaceId").asText();
        Run r = run("line", "create", "--workspace", ws, "--channel", "sms", "--provider", "sandbox",
                "--address", "(415) 555-0199", "--name", "Main");
        assertThat(r.exit()).as(r.err()).isZero();
        String lineId = r.json().get("lineId").asText();
        var row = db.jdbi().withHandle(h -> h.createQuery("SELECT phone, provider, name FROM lines WHERE id = :id")
                .bind("id", lineId).mapToMap().one());
        assertThat(row).containsEntry("phone", "+14155550199").containsEntry("provider", "sandbox").containsEntry("name", "Main");
    }

    @Test
    void lineCreate_refusesAnAddressThatIsNoPhone() throws Exception {
        String ws = run("workspace", "create", "--name", "Bad").json().get("workspaceId").asText();
        Run r = run("line", "create", "--workspace", ws, "--channel", "imessage", "--address", "not-a-phone");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("address must be a phone number");
        Run email = run("line", "create", "--workspace", ws, "--channel", "email", "--address", "Sales@Example.COM");
        assertThat(email.exit()).as(email.err()).isZero();
        var stored = db.jdbi().withHandle(h -> h.createQuery("SELECT email FROM lines WHERE id = :id")
                .bind("id", email.json().get("lineId").asText()).mapTo(String.class).one());
        assertThat(stored).isEqualTo("sales@example.com");
    }

    @Test
    void migrate_isIdempotent() throws Exception {
        Run r = run("migrate");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().get("migrated").asBoolean()).isTrue();
    }

    @Test
    void badConfiguration_exitsWithTwoAndOneLine() {
        Run r = run(Map.of("TUCO_PORT", "abc"), "migrate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("tuco: TUCO_PORT: must be a whole number, got 'abc'");
    }

    @Test
    void unreachableDatabase_exitsWithTwoNamingTheVariable() {
        Run r = run(Map.of("TUCO_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/none", "TUCO_SECRET_KEY", TestConfigs.SECRET_KEY), "migrate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("tuco: TUCO_DATABASE_URL: cannot connect");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    private static String status(String id) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT status FROM workspaces WHERE id = :id").bind("id", id).mapTo(String.class).one());
    }
}
