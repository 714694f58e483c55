package ai.tuco.bootstrap.admin;

import static ai.tuco.bootstrap.admin.AdminFixture.ID;
import static ai.tuco.bootstrap.admin.AdminFixture.TIME;
import static ai.tuco.bootstrap.admin.AdminFixture.detailFields;
import static ai.tuco.bootstrap.admin.AdminFixture.error;
import static ai.tuco.bootstrap.admin.AdminFixture.obj;
import static ai.tuco.bootstrap.admin.AdminFixture.stream;
import static ai.tuco.bootstrap.admin.AdminFixture.texts;
import static ai.tuco.bootstrap.admin.AdminFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.shared.SecretBox;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.bootstrap.admin.AdminFixture.Response;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.WorkspaceStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /api/lines} over real HTTP against real PostgreSQL: create / change / read for admins, provider
 * configuration validated per provider, sealed at rest (read straight from the column here) and write-only (never in
 * an answer, a log line or an audit row), {@code /api/lines/by-user} with today's usage, roles, tenant isolation and
 * read-only mode.
 */
class LineApiTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static final String SID = "AC" + "0123456789abcdef".repeat(2);

    static AdminFixture api;

    @BeforeAll
    static void start() {
        api = AdminFixture.start(db);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String secret() {
        return "s3cr3t-" + UUID.randomUUID();
    }

    private static Map<String, Object> twilio(String phone, String token) {
        return obj("name", "Twilio " + phone, "phone", phone, "channels", List.of("sms"), "provider", "twilio",
                "providerConfig", obj("accountSid", SID, "authToken", token));
    }

    private static JsonNode created(TestWorkspace ws, Map<String, Object> body) {
        Response r = api.post(ws.adminKey(), "/api/lines", write(body));
        assertThat(r.status()).as("POST /api/lines -> %s", r).isEqualTo(201);
        assertThat(r.json().path("success").asBoolean()).isTrue();
        return r.json().path("line");
    }

    private record Stored(byte[] bytes, String keyId) {}

    private static Stored stored(String lineId) {
        return db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT provider_config, provider_config_key_id FROM lines WHERE id = :id")
                .bind("id", lineId)
                .map((rs, ctx) -> new Stored(rs.getBytes(1), rs.getString(2)))
                .one());
    }

    private static JsonNode opened(Stored s) {
        try {
            return AdminFixture.JSON.readTree(new SecretBox(api.secretKey).open(new SecretBox.Sealed(s.keyId(), s.bytes())));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The line without its health: a check of the line's provider runs after each write and may land between reads. */
    private static JsonNode withoutHealth(JsonNode line) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = line.deepCopy();
        copy.remove("healthCheck");
        return copy;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A user of the workspace, as a Clerk sign-in would create it. */
    private static void user(TestWorkspace ws, String id) {
        api.exec("INSERT INTO users (id, workspace_id, external_id, role, created_at) VALUES (?, ?, ?, 'member', now())",
                id, ws.id().value(), "user_" + id);
    }

    @Test
    void an_owner_that_is_not_a_user_of_the_workspace_is_404() {
        TestWorkspace ws = api.workspace();
        TestWorkspace other = api.workspace();
        user(other, "e1e1e1e1e1e1e1e1e1e1e1e1");
        Map<String, Object> body = twilio("+13125550399", secret());
        body.put("ownerUserId", "e1e1e1e1e1e1e1e1e1e1e1e1");
        assertThat(api.post(ws.adminKey(), "/api/lines", write(body)).status()).isEqualTo(404);
        assertThat(api.count("SELECT count(*) FROM lines WHERE workspace_id = ?", ws.idValue())).isZero();
    }

    // ---- create and read -----------------------------------------------------------------------------------------

    @Test
    void an_admin_creates_a_line_with_its_fields_and_no_answer_ever_holds_its_provider_config() {
        TestWorkspace ws = api.workspace();
        user(ws, "aaaaaaaaaaaaaaaaaaaaaaaa");
        String token = secret();
        Map<String, Object> body = twilio("(312) 555-0301", token);
        body.putAll(obj("firstName", "Tess", "lastName", "Twilio", "pacingSeconds", 30, "dailyNewConversationsLimit", 10,
                "dailyTotalMessagesLimit", 20, "hourlyNewConversationsLimit", 5, "ownerUserId", "aaaaaaaaaaaaaaaaaaaaaaaa"));
        Response r = api.post(ws.adminKey(), "/api/lines", write(body));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.body()).doesNotContain(token).doesNotContain(SID).doesNotContain("providerConfig").doesNotContain("authToken");

        JsonNode line = r.json().path("line");
        assertThat(line.path("_id").asText()).matches(ID);
        assertThat(line.path("workspaceId").asText()).isEqualTo(ws.idValue());
        assertThat(line.path("name").asText()).isEqualTo("Twilio (312) 555-0301");
        assertThat(line.path("phone").asText()).isEqualTo("+13125550301");
        assertThat(line.path("email").isNull()).isTrue();
        assertThat(line.path("firstName").asText()).isEqualTo("Tess");
        assertThat(line.path("lastName").asText()).isEqualTo("Twilio");
        assertThat(line.path("isActive").asBoolean()).isTrue();
        assertThat(line.path("provisioningStatus").asText()).isEqualTo("active");
        assertThat(line.path("lineType").asText()).isEqualTo("byon");
        assertThat(texts(line.path("channels"))).containsExactly("sms");
        assertThat(line.path("provider").asText()).isEqualTo("twilio");
        assertThat(line.path("ownerUserId").asText()).isEqualTo("aaaaaaaaaaaaaaaaaaaaaaaa");
        assertThat(line.path("pacingSeconds").asInt()).isEqualTo(30);
        assertThat(line.path("dailyNewConversationsLimit").asInt()).isEqualTo(10);
        assertThat(line.path("dailyTotalMessagesLimit").asInt()).isEqualTo(20);
        assertThat(line.path("hourlyNewConversationsLimit").asInt()).isEqualTo(5);
        assertThat(line.path("usage").path("date").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(line.path("usage").path("newConversationsCount").asInt()).isZero();
        assertThat(line.path("usage").path("totalMessagesCount").asInt()).isZero();
        assertThat(line.path("healthCheck").path("status").asText()).isEqualTo("unknown");
        assertThat(line.path("createdAt").asText()).matches(TIME);
        assertThat(line.path("updatedAt").asText()).matches(TIME);

        String id = line.path("_id").asText();
        Response read = api.get(ws.adminKey(), "/api/lines/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(withoutHealth(read.json().path("line"))).isEqualTo(withoutHealth(line));
        Response list = api.get(ws.adminKey(), "/api/lines/by-user");
        assertThat(list.status()).isEqualTo(200);
        assertThat(stream(list.json().path("lines")).map(l -> l.path("_id").asText())).containsExactly(id);
        for (Response answer : List.of(read, list)) {
            assertThat(answer.body()).doesNotContain(token).doesNotContain(SID).doesNotContain("providerConfig");
        }
    }

    @Test
    void defaults_apply_to_caps_and_pacing_when_not_given() {
        TestWorkspace ws = api.workspace();
        JsonNode line = created(ws, twilio("+13125550302", secret()));
        assertThat(line.path("pacingSeconds").asInt()).isZero();
        assertThat(line.path("dailyNewConversationsLimit").asInt()).isEqualTo(50);
        assertThat(line.path("dailyTotalMessagesLimit").asInt()).isEqualTo(75);
        assertThat(line.path("hourlyNewConversationsLimit").asInt()).isEqualTo(50);
        assertThat(line.path("ownerUserId").isNull()).isTrue();
    }

    @Test
    void provider_config_is_sealed_at_rest_with_TUCO_SECRET_KEY_a_fresh_nonce_and_its_key_id() {
        TestWorkspace ws = api.workspace();
        String token = secret();
        String first = created(ws, twilio("+13125550311", token)).path("_id").asText();
        String second = created(ws, twilio("+13125550312", token)).path("_id").asText();

        Stored a = stored(first);
        Stored b = stored(second);
        for (Stored s : List.of(a, b)) {
            assertThat(s.bytes()).isNotEmpty();
            assertThat(contains(s.bytes(), token.getBytes(StandardCharsets.UTF_8))).as("plaintext token in column").isFalse();
            assertThat(contains(s.bytes(), SID.getBytes(StandardCharsets.UTF_8))).as("plaintext sid in column").isFalse();
            assertThat(contains(s.bytes(), "authToken".getBytes(StandardCharsets.UTF_8))).as("plaintext JSON in column").isFalse();
            assertThat(s.keyId()).isEqualTo(new SecretBox(api.secretKey).seal("x").keyId());
        }
        // same plaintext, different nonce and ciphertext
        assertThat(a.bytes()).isNotEqualTo(b.bytes());
        assertThat(Arrays.copyOf(a.bytes(), 12)).isNotEqualTo(Arrays.copyOf(b.bytes(), 12));
        // and it is the configuration, sealed with the service's key
        JsonNode config = opened(a);
        assertThat(config.path("authToken").asText()).isEqualTo(token);
        assertThat(config.path("accountSid").asText()).isEqualTo(SID);
        // nothing else in the database holds it in the clear
        assertThat(api.count("SELECT count(*) FROM audit_log WHERE CAST(detail AS text) LIKE ?", "%" + token + "%")).isZero();
        assertThat(api.count("SELECT count(*) FROM lines l WHERE CAST(l AS text) LIKE ?", "%" + token + "%")).isZero();
        assertThat(api.count("SELECT count(*) FROM lines l WHERE CAST(l AS text) LIKE ?",
                "%" + HexFormat.of().formatHex(token.getBytes(StandardCharsets.UTF_8)) + "%")).isZero();
    }

    @Test
    void every_provider_accepts_its_own_valid_config_and_keeps_it_sealed() {
        TestWorkspace ws = api.workspace();
        String password = secret();
        String sandbox = created(ws, obj("provider", "sandbox", "channels", List.of("imessage", "sms", "email"),
                "phone", "+13125550321", "email", "Sandbox@Example.com", "providerConfig", obj())).path("_id").asText();
        String bluebubbles = created(ws, obj("provider", "bluebubbles", "channels", List.of("imessage", "sms"),
                "phone", "+13125550322", "providerConfig", obj("serverUrl", "https://bb.example.com:1234", "password", password)))
                .path("_id").asText();
        String twilio = created(ws, obj("provider", "twilio", "channels", List.of("sms"), "phone", "+13125550323",
                "providerConfig", obj("accountSid", SID, "authToken", password, "baseUrl", "http://localhost:9999")))
                .path("_id").asText();
        JsonNode smtpLine = created(ws, obj("provider", "smtp", "channels", List.of("email"), "email", "Sales@Example.com",
                "providerConfig", obj("host", "smtp.example.com", "port", 587, "username", "sales", "password", password,
                        "fromAddress", "sales@example.com", "fromName", "Sales", "defaultSubject", "Hello")));
        assertThat(smtpLine.path("email").asText()).isEqualTo("sales@example.com");
        assertThat(smtpLine.path("phone").isNull()).isTrue();

        assertThat(opened(stored(sandbox)).size()).isZero();
        assertThat(opened(stored(bluebubbles)).path("password").asText()).isEqualTo(password);
        assertThat(opened(stored(twilio)).path("baseUrl").asText()).isEqualTo("http://localhost:9999");
        JsonNode smtp = opened(stored(smtpLine.path("_id").asText()));
        assertThat(smtp.path("tls").asText()).isEqualTo("starttls");
        assertThat(smtp.path("port").asText()).isEqualTo("587");
        assertThat(smtp.path("password").asText()).isEqualTo(password);
        // a sandbox line without any providerConfig is fine too
        created(ws, obj("provider", "sandbox", "channels", List.of("imessage"), "phone", "+13125550324"));
    }

    @Test
    void provider_config_and_line_fields_are_validated_per_provider_without_echoing_secrets() {
        TestWorkspace ws = api.workspace();
        String s = secret();
        record Case(String name, Map<String, Object> body, List<String> fields) {}
        List<Case> cases = List.of(
                new Case("bluebubbles without password", obj("provider", "bluebubbles", "channels", List.of("imessage"),
                        "phone", "+13125550331", "providerConfig", obj("serverUrl", "https://bb.example.com")),
                        List.of("providerConfig.password")),
                new Case("bluebubbles with a non-http url", obj("provider", "bluebubbles", "channels", List.of("imessage"),
                        "phone", "+13125550331", "providerConfig", obj("serverUrl", "ftp://" + s + ".example.com", "password", s)),
                        List.of("providerConfig.serverUrl")),
                new Case("bluebubbles without any config", obj("provider", "bluebubbles", "channels", List.of("imessage"),
                        "phone", "+13125550331"), List.of("providerConfig.serverUrl", "providerConfig.password")),
                new Case("twilio with a malformed sid", obj("provider", "twilio", "channels", List.of("sms"), "phone", "+13125550331",
                        "providerConfig", obj("accountSid", "AC" + s, "authToken", s)), List.of("providerConfig.accountSid")),
                new Case("twilio without token", obj("provider", "twilio", "channels", List.of("sms"), "phone", "+13125550331",
                        "providerConfig", obj("accountSid", SID)), List.of("providerConfig.authToken")),
                new Case("twilio with a blank token", obj("provider", "twilio", "channels", List.of("sms"), "phone", "+13125550331",
                        "providerConfig", obj("accountSid", SID, "authToken", "   ")), List.of("providerConfig.authToken")),
                new Case("twilio for imessage", obj("provider", "twilio", "channels", List.of("imessage"), "phone", "+13125550331",
                        "providerConfig", obj("accountSid", SID, "authToken", s)), List.of("channels")),
                new Case("twilio sms without a phone", obj("provider", "twilio", "channels", List.of("sms"),
                        "providerConfig", obj("accountSid", SID, "authToken", s)), List.of("phone")),
                new Case("smtp with port as text", obj("provider", "smtp", "channels", List.of("email"), "email", "a@example.com",
                        "providerConfig", obj("host", "h.example.com", "port", "587", "fromAddress", "a@example.com", "password", s)),
                        List.of("providerConfig.port")),
                new Case("smtp with port out of range", obj("provider", "smtp", "channels", List.of("email"), "email", "a@example.com",
                        "providerConfig", obj("host", "h.example.com", "port", 70000, "fromAddress", "a@example.com")),
                        List.of("providerConfig.port")),
                new Case("smtp with unknown tls", obj("provider", "smtp", "channels", List.of("email"), "email", "a@example.com",
                        "providerConfig", obj("host", "h.example.com", "port", 465, "tls", "ssl", "fromAddress", "a@example.com")),
                        List.of("providerConfig.tls")),
                new Case("smtp with a bad fromAddress", obj("provider", "smtp", "channels", List.of("email"), "email", "a@example.com",
                        "providerConfig", obj("host", "h.example.com", "port", 465, "fromAddress", "nobody")),
                        List.of("providerConfig.fromAddress")),
                new Case("smtp with a two-line subject", obj("provider", "smtp", "channels", List.of("email"), "email", "a@example.com",
                        "providerConfig", obj("host", "h.example.com", "port", 465, "fromAddress", "a@example.com",
                                "defaultSubject", "a\r\nBcc: x@example.com")), List.of("providerConfig.defaultSubject")),
                new Case("smtp email line without an email", obj("provider", "smtp", "channels", List.of("email"),
                        "providerConfig", obj("host", "h.example.com", "port", 465, "fromAddress", "a@example.com")),
                        List.of("email")),
                new Case("sandbox with a setting it does not have", obj("provider", "sandbox", "channels", List.of("sms"),
                        "phone", "+13125550331", "providerConfig", obj("apiKey", s)), List.of("providerConfig.apiKey")),
                new Case("providerConfig not an object", obj("provider", "sandbox", "channels", List.of("sms"),
                        "phone", "+13125550331", "providerConfig", s), List.of("providerConfig")),
                new Case("providerConfig with a nested value", obj("provider", "bluebubbles", "channels", List.of("sms"),
                        "phone", "+13125550331", "providerConfig", obj("serverUrl", "https://x.example.com", "password", obj("p", s))),
                        List.of("providerConfig.password")),
                new Case("unknown provider", obj("provider", "carrier-pigeon", "channels", List.of("sms"), "phone", "+13125550331"),
                        List.of("provider")),
                new Case("no provider and no channels", obj("phone", "+13125550331"), List.of("provider", "channels")),
                new Case("unknown channel", obj("provider", "sandbox", "channels", List.of("fax"), "phone", "+13125550331"),
                        List.of("channels")),
                new Case("bad phone", obj("provider", "sandbox", "channels", List.of("sms"), "phone", "12"), List.of("phone")),
                new Case("negative pacing", obj("provider", "sandbox", "channels", List.of("sms"), "phone", "+13125550331",
                        "pacingSeconds", -1), List.of("pacingSeconds")),
                new Case("pacing over a day", obj("provider", "sandbox", "channels", List.of("sms"), "phone", "+13125550331",
                        "pacingSeconds", 86_401), List.of("pacingSeconds")),
                new Case("cap over the maximum", obj("provider", "sandbox", "channels", List.of("sms"), "phone", "+13125550331",
                        "dailyNewConversationsLimit", 1_000_001), List.of("dailyNewConversationsLimit")),
                new Case("fractional cap", obj("provider", "sandbox", "channels", List.of("sms"), "phone", "+13125550331",
                        "hourlyNewConversationsLimit", 1.5), List.of("hourlyNewConversationsLimit")),
                new Case("cap as text", obj("provider", "sandbox", "channels", List.of("sms"), "phone", "+13125550331",
                        "dailyTotalMessagesLimit", "10"), List.of("dailyTotalMessagesLimit")),
                new Case("owner not an id", obj("provider", "sandbox", "channels", List.of("sms"), "phone", "+13125550331",
                        "ownerUserId", "bob"), List.of("ownerUserId")),
                new Case("isActive as text", obj("provider", "sandbox", "channels", List.of("sms"), "phone", "+13125550331",
                        "isActive", "yes"), List.of("isActive")));
        SoftAssertions soft = new SoftAssertions();
        for (Case c : cases) {
            Response r = api.post(ws.adminKey(), "/api/lines", write(c.body()));
            soft.assertThat(r.status()).as("%s: %s", c.name(), r).isEqualTo(400);
            soft.assertThat(r.code()).as(c.name()).isEqualTo("VALIDATION_ERROR");
            soft.assertThat(detailFields(r.json())).as("%s: %s", c.name(), r).containsExactlyInAnyOrderElementsOf(c.fields());
            soft.assertThat(r.body()).as(c.name()).doesNotContain(s);
        }
        soft.assertAll();
        assertThat(api.count("SELECT count(*) FROM lines WHERE workspace_id = ?", ws.idValue())).isZero();
        assertThat(api.audit(ws, "line.create")).isEmpty();
    }

    // ---- change ----------------------------------------------------------------------------------------------------

    @Test
    void patch_without_provider_config_keeps_the_sealed_value_and_patch_with_one_reseals_it() {
        TestWorkspace ws = api.workspace();
        String oldToken = secret();
        String id = created(ws, twilio("+13125550341", oldToken)).path("_id").asText();
        Stored original = stored(id);
        user(ws, "bbbbbbbbbbbbbbbbbbbbbbbb");

        Response renamed = api.patch(ws.adminKey(), "/api/lines/" + id, AdminFixture.json("name", "Renamed", "isActive", false,
                "pacingSeconds", 60, "dailyTotalMessagesLimit", 0, "ownerUserId", "bbbbbbbbbbbbbbbbbbbbbbbb"));
        assertThat(renamed.status()).as("%s", renamed).isEqualTo(200);
        JsonNode line = renamed.json().path("line");
        assertThat(line.path("name").asText()).isEqualTo("Renamed");
        assertThat(line.path("isActive").asBoolean()).isFalse();
        assertThat(line.path("pacingSeconds").asInt()).isEqualTo(60);
        assertThat(line.path("dailyTotalMessagesLimit").asInt()).isZero();
        assertThat(line.path("dailyNewConversationsLimit").asInt()).isEqualTo(50);
        assertThat(line.path("ownerUserId").asText()).isEqualTo("bbbbbbbbbbbbbbbbbbbbbbbb");
        assertThat(line.path("phone").asText()).isEqualTo("+13125550341");
        assertThat(withoutHealth(api.get(ws.adminKey(), "/api/lines/" + id).json().path("line"))).isEqualTo(withoutHealth(line));
        assertThat(stored(id).bytes()).isEqualTo(original.bytes());

        String newToken = secret();
        Response rekeyed = api.patch(ws.adminKey(), "/api/lines/" + id, AdminFixture.json(
                "providerConfig", obj("accountSid", SID, "authToken", newToken)));
        assertThat(rekeyed.status()).as("%s", rekeyed).isEqualTo(200);
        assertThat(rekeyed.body()).doesNotContain(newToken).doesNotContain(oldToken).doesNotContain("providerConfig");
        Stored resealed = stored(id);
        assertThat(resealed.bytes()).isNotEqualTo(original.bytes());
        assertThat(contains(resealed.bytes(), newToken.getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(opened(resealed).path("authToken").asText()).isEqualTo(newToken);

        // clearing the owner
        assertThat(api.patch(ws.adminKey(), "/api/lines/" + id, AdminFixture.json("ownerUserId", "")).json()
                .at("/line/ownerUserId").isNull()).isTrue();

        List<Map<String, Object>> audit = api.audit(ws, "line.update");
        assertThat(audit).hasSize(3);
        assertThat(audit).extracting(a -> a.get("target_id")).containsOnly(id);
        assertThat((String) audit.get(0).get("detail")).contains("\"providerConfigChanged\": \"false\"");
        assertThat((String) audit.get(1).get("detail")).contains("\"providerConfigChanged\": \"true\"");
        assertThat(api.audit(ws, "line.create")).singleElement()
                .satisfies(a -> assertThat((String) a.get("detail")).contains("\"providerConfigChanged\": \"true\""));
        assertThat(write(api.rows("SELECT CAST(detail AS text) AS d FROM audit_log WHERE workspace_id = ?", ws.idValue())))
                .doesNotContain(oldToken).doesNotContain(newToken).doesNotContain(SID);
    }

    @Test
    void patch_that_changes_the_provider_needs_that_providers_config() {
        TestWorkspace ws = api.workspace();
        String id = created(ws, twilio("+13125550351", secret())).path("_id").asText();
        Stored before = stored(id);
        JsonNode e = error(api.patch(ws.adminKey(), "/api/lines/" + id, AdminFixture.json("provider", "bluebubbles")),
                400, "VALIDATION_ERROR");
        assertThat(detailFields(e)).containsExactlyInAnyOrder("providerConfig.serverUrl", "providerConfig.password");
        JsonNode channel = error(api.patch(ws.adminKey(), "/api/lines/" + id, AdminFixture.json("channels", List.of("email"))),
                400, "VALIDATION_ERROR");
        assertThat(detailFields(channel)).containsExactly("channels");
        error(api.patch(ws.adminKey(), "/api/lines/" + id, AdminFixture.json("providerConfig", obj("accountSid", SID))),
                400, "VALIDATION_ERROR");
        assertThat(stored(id).bytes()).isEqualTo(before.bytes());
        assertThat(api.get(ws.adminKey(), "/api/lines/" + id).json().at("/line/provider").asText()).isEqualTo("twilio");

        String password = secret();
        Response switched = api.patch(ws.adminKey(), "/api/lines/" + id, AdminFixture.json("provider", "bluebubbles",
                "providerConfig", obj("serverUrl", "https://bb.example.com", "password", password)));
        assertThat(switched.status()).as("%s", switched).isEqualTo(200);
        assertThat(switched.json().at("/line/provider").asText()).isEqualTo("bluebubbles");
        assertThat(opened(stored(id)).path("password").asText()).isEqualTo(password);
        assertThat(opened(stored(id)).has("authToken")).isFalse();
    }

    // ---- secrets never logged ----------------------------------------------------------------------------------

    @Test
    void the_provider_secret_never_appears_in_the_service_log() {
        TestWorkspace ws = api.workspace();
        String token = secret();
        String password = secret();
        String bad = secret();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        PrintStream tee = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (captured) {
                    captured.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (captured) {
                    captured.write(b, off, len);
                }
            }
        }, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        try {
            String id = created(ws, twilio("+13125550361", token)).path("_id").asText();
            assertThat(api.patch(ws.adminKey(), "/api/lines/" + id, AdminFixture.json("providerConfig",
                    obj("accountSid", SID, "authToken", password))).status()).isEqualTo(200);
            assertThat(api.post(ws.adminKey(), "/api/lines", write(obj("provider", "bluebubbles", "channels", List.of("imessage"),
                    "phone", "+13125550362", "providerConfig", obj("serverUrl", "gopher://" + bad, "password", bad))))
                    .status()).isEqualTo(400);
            assertThat(api.get(ws.adminKey(), "/api/lines/" + id).status()).isEqualTo(200);
            // the request log lines of all four requests were written, so the capture saw the log
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String log = text(captured);
                assertThat(log).contains("POST /api/lines 201").contains("PATCH /api/lines/" + id + " 200")
                        .contains("POST /api/lines 400").contains("GET /api/lines/" + id + " 200");
            });
        } finally {
            System.setErr(original);
        }
        String log = text(captured);
        assertThat(log).doesNotContain(token).doesNotContain(password).doesNotContain(bad).doesNotContain(SID);
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    // ---- by-user and usage -------------------------------------------------------------------------------------

    @Test
    void by_user_lists_the_users_own_lines_for_a_bound_key_and_every_line_otherwise_with_todays_usage() {
        TestWorkspace ws = api.workspace();
        TestWorkspace other = api.workspace();
        String user = "cccccccccccccccccccccccc";
        user(ws, user);
        user(other, "c0c0c0c0c0c0c0c0c0c0c0c0");
        Map<String, Object> mine = twilio("+13125550371", secret());
        mine.put("ownerUserId", user);
        String owned = created(ws, mine).path("_id").asText();
        String unowned = created(ws, twilio("+13125550372", secret())).path("_id").asText();
        created(other, twilio("+13125550373", secret()));
        Map<String, Object> theirs = twilio("+13125550374", secret());
        theirs.put("ownerUserId", "c0c0c0c0c0c0c0c0c0c0c0c0");
        created(other, theirs);

        var today = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        api.exec("INSERT INTO line_usage (line_id, workspace_id, period, period_start, new_conversations, total_messages) "
                + "VALUES (?, ?, 'day', ?, 3, 7)", owned, ws.idValue(), today);
        api.exec("INSERT INTO line_usage (line_id, workspace_id, period, period_start, new_conversations, total_messages) "
                + "VALUES (?, ?, 'day', ?, 40, 70)", unowned, ws.idValue(), today.minus(Duration.ofDays(1)));

        String bound = api.key(ws, Role.MEMBER, Optional.of(user));
        JsonNode own = api.get(bound, "/api/lines/by-user").json().path("lines");
        assertThat(stream(own).map(l -> l.path("_id").asText())).containsExactly(owned);
        assertThat(own.get(0).path("usage").path("date").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(own.get(0).path("usage").path("newConversationsCount").asInt()).isEqualTo(3);
        assertThat(own.get(0).path("usage").path("totalMessagesCount").asInt()).isEqualTo(7);

        JsonNode all = api.get(api.key(ws, Role.MEMBER), "/api/lines/by-user").json().path("lines");
        assertThat(stream(all).map(l -> l.path("_id").asText())).containsExactly(owned, unowned);
        JsonNode yesterdayOnly = stream(all).filter(l -> l.path("_id").asText().equals(unowned)).findFirst().orElseThrow();
        assertThat(yesterdayOnly.path("usage").path("newConversationsCount").asInt()).isZero();
        assertThat(yesterdayOnly.path("usage").path("totalMessagesCount").asInt()).isZero();
        assertThat(api.get(ws.adminKey(), "/api/lines/" + owned).json().at("/line/usage/totalMessagesCount").asInt()).isEqualTo(7);

        assertThat(api.get(api.key(api.workspace(), Role.ADMIN), "/api/lines/by-user").json().path("lines").size()).isZero();
    }

    // ---- roles, tenants, read-only ----------------------------------------------------------------------------------

    @Test
    void members_may_read_lines_but_not_create_or_change_them() {
        TestWorkspace ws = api.workspace();
        String id = created(ws, twilio("+13125550381", secret())).path("_id").asText();
        String member = api.key(ws, Role.MEMBER);
        error(api.post(member, "/api/lines", write(twilio("+13125550382", secret()))), 403, "FORBIDDEN");
        error(api.patch(member, "/api/lines/" + id, AdminFixture.json("name", "mine")), 403, "FORBIDDEN");
        error(api.patch(member, "/api/lines/" + id, AdminFixture.json("providerConfig", obj("accountSid", SID, "authToken", "x"))),
                403, "FORBIDDEN");
        assertThat(api.get(member, "/api/lines/" + id).status()).isEqualTo(200);
        assertThat(api.get(member, "/api/lines/by-user").json().path("lines").size()).isEqualTo(1);
        assertThat(api.count("SELECT count(*) FROM lines WHERE workspace_id = ?", ws.idValue())).isEqualTo(1);
        assertThat(api.get(ws.adminKey(), "/api/lines/" + id).json().at("/line/name").asText()).isNotEqualTo("mine");
    }

    @Test
    void another_workspaces_line_is_404_for_reading_and_changing() {
        TestWorkspace ws = api.workspace();
        TestWorkspace other = api.workspace();
        String foreign = created(other, twilio("+13125550391", secret())).path("_id").asText();
        Stored before = stored(foreign);
        error(api.get(ws.adminKey(), "/api/lines/" + foreign), 404, "NOT_FOUND");
        error(api.patch(ws.adminKey(), "/api/lines/" + foreign, AdminFixture.json("name", "stolen",
                "providerConfig", obj("accountSid", SID, "authToken", "x"))), 404, "NOT_FOUND");
        error(api.get(ws.adminKey(), "/api/lines/ffffffffffffffffffffffff"), 404, "NOT_FOUND");
        error(api.get(ws.adminKey(), "/api/lines/not-an-id"), 404, "NOT_FOUND");
        error(api.patch(ws.adminKey(), "/api/lines/not-an-id", AdminFixture.json("name", "x")), 404, "NOT_FOUND");
        assertThat(api.get(ws.adminKey(), "/api/lines/by-user").json().path("lines").size()).isZero();
        assertThat(stored(foreign).bytes()).isEqualTo(before.bytes());
        assertThat(api.get(other.adminKey(), "/api/lines/" + foreign).json().at("/line/name").asText()).isNotEqualTo("stolen");
    }

    @Test
    void a_read_only_workspace_refuses_line_writes_with_402_and_still_answers_reads() {
        TestWorkspace ws = api.workspace();
        String id = created(ws, twilio("+13125550401", secret())).path("_id").asText();
        api.setStatus(ws, WorkspaceStatus.READ_ONLY);
        try {
            error(api.post(ws.adminKey(), "/api/lines", write(twilio("+13125550402", secret()))), 402, "READ_ONLY");
            JsonNode e = error(api.patch(ws.adminKey(), "/api/lines/" + id, AdminFixture.json("name", "x")), 402, "READ_ONLY");
            assertThat(e.path("reason").asText()).isEqualTo("past_due");
            assertThat(api.get(ws.adminKey(), "/api/lines/" + id).status()).isEqualTo(200);
            assertThat(api.get(ws.adminKey(), "/api/lines/by-user").status()).isEqualTo(200);
        } finally {
            api.setStatus(ws, WorkspaceStatus.ACTIVE);
        }
        assertThat(api.count("SELECT count(*) FROM lines WHERE workspace_id = ?", ws.idValue())).isEqualTo(1);
    }

    @Test
    void a_malformed_body_never_echoes_the_credential_it_carries() {
        TestWorkspace ws = api.workspace();
        String token = "s3cr3t" + UUID.randomUUID().toString().replace("-", "");
        Response unquoted = api.post(ws.adminKey(), "/api/lines",
                "{\"provider\": \"twilio\", \"providerConfig\": {\"authToken\": " + token + "}}");
        error(unquoted, 400, "VALIDATION_ERROR");
        assertThat(unquoted.body()).doesNotContain(token);
    }

    @Test
    void malformed_line_bodies_are_validation_errors() {
        TestWorkspace ws = api.workspace();
        error(api.post(ws.adminKey(), "/api/lines", "{\"provider\": "), 400, "VALIDATION_ERROR");
        error(api.post(ws.adminKey(), "/api/lines", "[]"), 400, "VALIDATION_ERROR");
        error(api.call("POST", ws.adminKey(), "/api/lines", null), 400, "VALIDATION_ERROR");

        assertThat(api.count("SELECT count(*) FROM lines WHERE workspace_id = ?", ws.idValue())).isZero();
    }
}
