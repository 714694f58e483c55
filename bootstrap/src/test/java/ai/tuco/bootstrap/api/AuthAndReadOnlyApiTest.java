package ai.tuco.bootstrap.api;

import static ai.tuco.bootstrap.api.ApiFixture.DEMO_LEAD;
import static ai.tuco.bootstrap.api.ApiFixture.freshPhone;
import static ai.tuco.bootstrap.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.bootstrap.TestHttp;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.WorkspaceStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Authentication on every {@code /api} route (401 with {@code WWW-Authenticate: Bearer}), the order of the
 * checks (401, then 413 / 415, then 402, then 400), and read-only workspaces (writes 402, reads still work).
 */
class AuthAndReadOnlyApiTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static ApiFixture api;
    static String key;
    static String messageId;
    static String revokedKey;

    @BeforeAll
    static void start() {
        api = ApiFixture.start(db);
        key = api.demo.apiKey();
        messageId = api.send(key, json("message", "Hi", "leadId", DEMO_LEAD)).at("/message/_id").asText();
        revokedKey = api.key(api.demo.workspaceId(), Role.ADMIN, Optional.empty());
        assertThat(api.get(revokedKey, "/api/messages").status()).isEqualTo(200);
        // revoked by another node (straight in the database): this node's cached credential lasts at most
        // TUCO_READ_CACHE_MILLIS (1 s by default); a revocation through this node applies at once (DncAndApiKeyApiTest)
        assertThat(api.exec("UPDATE api_keys SET revoked_at = now() WHERE secret_sha256 = sha256(convert_to(?, 'UTF8'))",
                revokedKey)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get(revokedKey, "/api/messages").status() == 401);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** A route of the API as a request builder for a given Authorization header value (null = none). */
    record Route(String name, Function<String, TestHttp.Response> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Route> routes() {
        String body = json("message", "Hi", "leadId", DEMO_LEAD);
        return List.of(
                new Route("POST /api/messages", auth -> api.http.post("/api/messages", body, headers(auth))),
                new Route("GET /api/messages", auth -> api.http.get("/api/messages", headers(auth))),
                new Route("GET /api/messages/{id}", auth -> api.http.get("/api/messages/" + messageId, headers(auth))),
                new Route("GET /api/messages/{id}/events", auth -> api.http.get("/api/messages/" + messageId + "/events", headers(auth))),
                new Route("POST /api/messages/{id}/cancel", auth -> api.http.post("/api/messages/" + messageId + "/cancel", "",
                        headers(auth))),
                new Route("GET /api/lines/by-user", auth -> api.http.get("/api/lines/by-user", headers(auth))),
                new Route("GET /api/no-such-route", auth -> api.http.get("/api/no-such-route", headers(auth))));
    }

    static String[] headers(String authorization) {
        return authorization == null ? new String[0] : new String[] {"Authorization", authorization};
    }

    static Stream<Arguments> badCredentials() {
        List<Function<String, String>> credentials = List.of(
                valid -> null,
                valid -> "",
                valid -> "Bearer",
                valid -> "Bearer ",
                valid -> "Basic dXNlcjpwYXNz",
                valid -> "Token " + valid,
                valid -> valid,
                valid -> "Bearer tuco_sk_" + "0".repeat(43),
                valid -> "Bearer " + valid + "x",
                valid -> "Bearer " + valid.substring(0, valid.length() - 1),
                valid -> "Bearer sk_live_1234567890",
                valid -> "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
                valid -> "Bearer tuco_" + "a".repeat(5000),
                valid -> "Bearer " + revokedKey);
        List<String> names = List.of("no header", "empty header", "scheme only", "scheme and space", "Basic", "Token scheme",
                "key without scheme", "unknown tuco key", "key with a character added", "key with a character removed",
                "not a tuco key", "a JWT while Clerk is off", "oversized key", "revoked key");
        List<Arguments> args = new ArrayList<>();
        for (int i = 0; i < credentials.size(); i++) {
            for (Route route : routes()) {
                args.add(Arguments.of(names.get(i), route, credentials.get(i)));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("badCredentials")
    void badCredential_is401WithWwwAuthenticateBearer_andWritesNothing(String name, Route route, Function<String, String> credential) {
        var before = api.counts();
        var r = route.call().apply(credential.apply(key));
        assertUnauthorized(r);
        assertThat(api.counts()).isEqualTo(before);
    }

    @Test
    void lowerCaseBearerScheme_isAccepted() {
        assertThat(api.http.get("/api/messages", "Authorization", "bearer " + key).status()).isEqualTo(200);
    }

    @Test
    void unknownApiRoute_withAValidKey_is404NotFound() {
        var r = api.get(key, "/api/no-such-route");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("code").asText()).isEqualTo("NOT_FOUND");
    }

    // ---- 413 / 415 -------------------------------------------------------------------------------------------------

    // Bodies over 1 MiB (declared or chunked) and 401 before 413 are tested over a raw socket in
    // hardening/HostileInputTest: a client still streaming such a body may see the connection closed under it.

    @Test
    void chunkedValidBody_isAccepted() {
        byte[] bytes = json("message", "Chunked", "leadId", DEMO_LEAD).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var r = api.http.request("POST", "/api/messages",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)), "application/json",
                "Authorization", "Bearer " + key);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void nonJsonBody_is415UnsupportedMediaType() {
        String body = json("message", "Hi", "leadId", DEMO_LEAD);
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/xml", null}) {
            var before = api.counts();
            var r = api.http.request("POST", "/api/messages", HttpRequest.BodyPublishers.ofString(body), type,
                    "Authorization", "Bearer " + key);
            assertThat(r.status()).as("%s -> %s", type, r.body()).isEqualTo(415);
            assertThat(r.json().get("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
            assertThat(api.counts()).isEqualTo(before);
        }
    }

    @Test
    void jsonWithCharset_isAccepted() {
        var r = api.http.request("POST", "/api/messages", HttpRequest.BodyPublishers.ofString(json("message", "Hi", "leadId", DEMO_LEAD)),
                "Application/JSON; charset=utf-8", "Authorization", "Bearer " + key);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void missingCredential_isCheckedBeforeBodySizeAndType() {
        assertUnauthorized(api.http.request("POST", "/api/messages", HttpRequest.BodyPublishers.ofString("hello"), "text/plain"));
        assertUnauthorized(api.http.post("/api/messages", "{not json"));
        assertUnauthorized(api.http.post("/api/messages", "{\"message\": 1}", "Authorization", "Bearer " + revokedKey));
    }

    // ---- read-only -------------------------------------------------------------------------------------------------

    @Test
    void readOnlyWorkspace_refusesWritesWith402_readsStillWork_andComesBack() {
        var ws = api.workspace("US");
        api.line(ws.id(), "+13125554001", Channel.IMESSAGE);
        String member = api.key(ws.id(), Role.MEMBER, Optional.empty());
        JsonNode sent = api.send(ws.adminKey(), json("message", "Hi", "recipientPhone", freshPhone()));
        String id = sent.at("/message/_id").asText();
        String lead = sent.get("leadId").asText();

        api.setStatus(ws.id(), WorkspaceStatus.READ_ONLY);
        var before = api.counts();
        for (String k : List.of(ws.adminKey(), member)) {
            assertReadOnly(api.post(k, "/api/messages", json("message", "Hi", "leadId", lead)));
            assertReadOnly(api.post(k, "/api/messages", json("message", "Hi", "recipientPhone", freshPhone())));
            assertReadOnly(api.post(k, "/api/messages/" + id + "/cancel", ""));
            // 402 comes before 400 and 404
            assertReadOnly(api.post(k, "/api/messages", "{broken"));
            assertReadOnly(api.post(k, "/api/messages", json("message", "")));
            assertReadOnly(api.post(k, "/api/messages/0123456789abcdef01234567/cancel", ""));
        }
        assertThat(api.counts()).isEqualTo(before);

        assertThat(api.get(ws.adminKey(), "/api/messages/" + id).json().at("/message/status").asText()).isEqualTo("queued");
        assertThat(api.get(ws.adminKey(), "/api/messages/" + id + "/events").status()).isEqualTo(200);
        assertThat(api.get(ws.adminKey(), "/api/messages").json().get("messages")).hasSize(1);
        assertThat(api.get(member, "/api/lines/by-user").json().get("lines")).hasSize(1);

        // 401 and 415 still come first (413 too: see HostileInputTest)
        assertUnauthorized(api.http.post("/api/messages", json("message", "Hi", "leadId", lead)));
        var wrongType = api.http.request("POST", "/api/messages", HttpRequest.BodyPublishers.ofString("hi"), "text/plain",
                "Authorization", "Bearer " + ws.adminKey());
        assertThat(wrongType.status()).isEqualTo(415);

        // another workspace is not affected
        api.send(key, json("message", "Hi", "leadId", DEMO_LEAD));

        api.setStatus(ws.id(), WorkspaceStatus.ACTIVE);
        api.send(ws.adminKey(), json("message", "Hi", "leadId", lead));
        assertThat(api.post(ws.adminKey(), "/api/messages/" + id + "/cancel", "").status()).isEqualTo(200);
    }

    static void assertReadOnly(TestHttp.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(402);
        JsonNode body = r.json();
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("error").asText()).isEqualTo("READ_ONLY");
        assertThat(body.get("code").asText()).isEqualTo("READ_ONLY");
        assertThat(body.get("reason").asText()).isEqualTo("past_due");
    }

    static void assertUnauthorized(TestHttp.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
        JsonNode body = r.json();
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(body.get("error").asText()).isNotBlank();
        assertThat(body.get("details").isArray()).isTrue();
    }
}
