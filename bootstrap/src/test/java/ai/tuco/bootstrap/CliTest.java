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

    // ---- Clerk organisations -----------------------------------------------------------------------------------------

    @Test
    void workspaceCreate_withAClerkOrganization_linksItAndPrintsIt() throws Exception {
        Run r = run("workspace", "create", "--name", "Org", "--clerk-organization", "org_create1");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = r.json();
        assertThat(json.get("clerkOrganizationId").asText()).isEqualTo("org_create1");
        assertThat(externalId(json.get("workspaceId").asText())).isEqualTo("org_create1");
        assertThat(run("workspace", "create", "--name", "Plain").json().get("clerkOrganizationId").isNull()).isTrue();
    }

    @Test
    void workspaceCreate_withAnOrganizationAnotherWorkspaceHas_failsNamingItAndCreatesNothing() throws Exception {
        String first = run("workspace", "create", "--name", "First", "--clerk-organization", "org_dup1").json()
                .get("workspaceId").asText();
        long before = db.count("SELECT count(*) FROM workspaces");
        Run r = run("workspace", "create", "--name", "Second", "--clerk-organization", "org_dup1");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("tuco: Clerk organization org_dup1 is already linked to workspace " + first);
        assertThat(db.count("SELECT count(*) FROM workspaces")).isEqualTo(before);
    }

    @Test
    void workspaceLink_linksRelinksAndUnlinks_andIsAudited() throws Exception {
        String id = run("workspace", "create", "--name", "Linkable").json().get("workspaceId").asText();
        Run linked = run("workspace", "link", "--id", id, "--clerk-organization", "org_link1");
        assertThat(linked.exit()).as(linked.err()).isZero();
        assertThat(linked.json().get("workspaceId").asText()).isEqualTo(id);
        assertThat(linked.json().get("clerkOrganizationId").asText()).isEqualTo("org_link1");
        assertThat(externalId(id)).isEqualTo("org_link1");
        assertThat(run("workspace", "link", "--id", id, "--clerk-organization", "org_link1").exit()).as("again").isZero();
        assertThat(run("workspace", "link", "--id", id, "--clerk-organization", "org_link2").json()
                .get("clerkOrganizationId").asText()).isEqualTo("org_link2");

        Run unlinked = run("workspace", "link", "--id", id, "--unlink");
        assertThat(unlinked.exit()).as(unlinked.err()).isZero();
        assertThat(unlinked.json().get("clerkOrganizationId").isNull()).isTrue();
        assertThat(externalId(id)).isNull();
        assertThat(db.strings("SELECT action FROM audit_log WHERE workspace_id = ? AND action LIKE 'workspace.%link' ORDER BY id", id))
                .containsExactly("workspace.link", "workspace.link", "workspace.link", "workspace.unlink");
    }

    @Test
    void workspaceLink_toAnOrganizationAnotherWorkspaceHas_failsAndChangesNothing() throws Exception {
        String holder = run("workspace", "create", "--name", "Holder", "--clerk-organization", "org_taken1").json()
                .get("workspaceId").asText();
        String other = run("workspace", "create", "--name", "Other").json().get("workspaceId").asText();
        Run r = run("workspace", "link", "--id", other, "--clerk-organization", "org_taken1");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("tuco: Clerk organization org_taken1 is already linked to workspace " + holder);
        assertThat(externalId(other)).isNull();
        assertThat(externalId(holder)).isEqualTo("org_taken1");
    }

    @Test
    void workspaceLink_refusesAnUnknownWorkspaceABadOrganizationIdAndBothOptions() {
        Run unknown = run("workspace", "link", "--id", "0123456789abcdef01234567", "--clerk-organization", "org_x");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("not found");
        Run slug = run("workspace", "link", "--id", "0123456789abcdef01234567", "--clerk-organization", "acme-inc");
        assertThat(slug.exit()).isEqualTo(1);
        assertThat(slug.err()).contains("org_...");
        assertThat(run("workspace", "link", "--id", "0123456789abcdef01234567", "--clerk-organization", "org_x", "--unlink")
                .exit()).isEqualTo(2);
        assertThat(run("workspace", "link", "--id", "0123456789abcdef01234567").exit()).isEqualTo(2);
    }

    // ---- API keys ------------------------------------------------------------------------------------------------------

    @Test
    void apiKeyCreate_refusesABlankName_andNamesKeysByDefault() throws Exception {
        String ws = run("workspace", "create", "--name", "Names").json().get("workspaceId").asText();
        Run blank = run("api-key", "create", "--workspace", ws, "--name", "   ");
        assertThat(blank.exit()).isEqualTo(1);
        assertThat(blank.err().strip()).isEqualTo("tuco: --name must not be blank");
        Run plain = run("api-key", "create", "--workspace", ws);
        assertThat(plain.exit()).as(plain.err()).isZero();
        var row = db.row("SELECT name, role FROM api_keys WHERE id = ?", plain.json().get("apiKeyId").asText());
        assertThat(row).containsEntry("name", "CLI key").containsEntry("role", "admin");
    }

    // ---- TUCO_SECRET_KEY only where it is used -------------------------------------------------------------------------

    private static Run runWithoutSecretKey(String... args) {
        Map<String, String> env = new java.util.HashMap<>(TestConfigs.env(db));
        env.remove("TUCO_SECRET_KEY");
        return run(env, args);
    }

    @Test
    void commandsThatSealNothing_runWithoutTheSecretKeyAgainstAnExternalDatabase() throws Exception {
        Run migrate = runWithoutSecretKey("migrate");
        assertThat(migrate.exit()).as(migrate.err()).isZero();
        Run create = runWithoutSecretKey("workspace", "create", "--name", "Keyless", "--clerk-organization", "org_keyless");
        assertThat(create.exit()).as(create.err()).isZero();
        String id = create.json().get("workspaceId").asText();
        Run readOnly = runWithoutSecretKey("workspace", "read-only", "--id", id, "--on");
        assertThat(readOnly.exit()).as(readOnly.err()).isZero();
        assertThat(runWithoutSecretKey("workspace", "read-only", "--id", id, "--off").exit()).isZero();
        Run unlink = runWithoutSecretKey("workspace", "link", "--id", id, "--unlink");
        assertThat(unlink.exit()).as(unlink.err()).isZero();
        Run link = runWithoutSecretKey("workspace", "link", "--id", id, "--clerk-organization", "org_keyless");
        assertThat(link.exit()).as(link.err()).isZero();
        Run key = runWithoutSecretKey("api-key", "create", "--workspace", id, "--name", "no secret needed");
        assertThat(key.exit()).as(key.err()).isZero();
        assertThat(key.json().get("apiKey").asText()).startsWith("tuco_sk_");
    }

    @Test
    void lineCreate_sealsProviderCredentials_soItStillNeedsTheSecretKey() throws Exception {
        String ws = run("workspace", "create", "--name", "Sealed").json().get("workspaceId").asText();
        long before = db.count("SELECT count(*) FROM lines");
        Run r = runWithoutSecretKey("line", "create", "--workspace", ws, "--channel", "sms", "--address", "+14155550123");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo(
                "tuco: TUCO_SECRET_KEY: is required with an external database (base64 of 32 bytes: openssl rand -base64 32)");
        assertThat(db.count("SELECT count(*) FROM lines")).isEqualTo(before);
    }

    @Test
    void serve_withoutTheSecretKeyAgainstAnExternalDatabase_stopsWithTheSameLine() {
        Run r = runWithoutSecretKey("serve");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo(
                "tuco: TUCO_SECRET_KEY: is required with an external database (base64 of 32 bytes: openssl rand -base64 32)");
    }

    private static String externalId(String workspaceId) {
        return db.strings("SELECT external_id FROM workspaces WHERE id = ?", workspaceId).get(0);
    }

    private static String status(String id) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT status FROM workspaces WHERE id = :id").bind("id", id).mapTo(String.class).one());
    }
}
