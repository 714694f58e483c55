package ai.tuco.bootstrap.admin;

import static ai.tuco.bootstrap.admin.AdminFixture.TIME;
import static ai.tuco.bootstrap.admin.AdminFixture.detailFields;
import static ai.tuco.bootstrap.admin.AdminFixture.error;
import static ai.tuco.bootstrap.admin.AdminFixture.json;
import static ai.tuco.bootstrap.admin.AdminFixture.stream;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.bootstrap.TestWorkspaces;
import ai.tuco.bootstrap.admin.AdminFixture.Response;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.testing.MutableClock;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.WorkspaceStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/audit-logs} over real HTTP against real PostgreSQL: audited actions done through the API (an API key
 * created and revoked, a do-not-contact entry added, a message accepted and cancelled) read back newest first with
 * their actor, IP and correlation id; every filter, cursor paging, admins only, tenant isolation, all bad parameters at once.
 */
class AuditLogApiTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The audited actions of {@link #start}, newest first. */
    private static final List<String> ACTIONS = List.of("message.cancel", "message.create", "dnc.add", "api_key.revoke", "api_key.create");

    /** The service's clock: moved on between actions so each has its own time on the wire (shown to the millisecond). */
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));

    static AdminFixture api;
    static String base;
    static TestWorkspace ws;
    static TestWorkspace other;
    static String memberKey;
    static String adminKeyId;
    static String issuedKeyId;
    static String dncId;
    static String messageId;
    static String otherKeyId;

    @BeforeAll
    static void start() {
        api = AdminFixture.start(db, CLOCK);
        base = "http://localhost:" + api.tuco.startHttp().port();
        ws = api.workspace();
        other = api.workspace();
        memberKey = api.key(ws, Role.MEMBER);
        String line = api.sandboxLine(ws, TestWorkspaces.freshAddress(Channel.SMS));
        adminKeyId = keyId(ws.adminKey());

        Response issued = send("POST", ws.adminKey(), "/api/api-keys", json("name", "audited", "role", "member"), "corr-audit-1");
        assertThat(issued.status()).as("%s", issued).isEqualTo(201);
        issuedKeyId = issued.json().at("/apiKey/_id").asText();
        pause();
        assertThat(send("DELETE", ws.adminKey(), "/api/api-keys/" + issuedKeyId, null, "corr-audit-2").status()).isEqualTo(200);
        pause();
        Response dnc = send("POST", ws.adminKey(), "/api/dnc", json("phone", "+12025550111"), "corr-audit-3");
        assertThat(dnc.status()).as("%s", dnc).isEqualTo(201);
        dncId = dnc.json().at("/entry/_id").asText();
        pause();
        Response message = send("POST", ws.adminKey(), "/api/messages",
                json("message", "hello", "recipientPhone", "+12025550123", "fromLineId", line, "messageType", "sms"), "corr-audit-4");
        assertThat(message.status()).as("%s", message).isEqualTo(201);
        messageId = message.json().at("/message/_id").asText();
        pause();
        Response cancelled = send("POST", ws.adminKey(), "/api/messages/" + messageId + "/cancel", null, "corr-audit-5");
        assertThat(cancelled.status()).as("%s", cancelled).isEqualTo(200);

        Response otherIssued = send("POST", other.adminKey(), "/api/api-keys", json("name", "elsewhere", "role", "member"), "corr-other");
        assertThat(otherIssued.status()).isEqualTo(201);
        otherKeyId = otherIssued.json().at("/apiKey/_id").asText();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static void pause() {
        CLOCK.advance(Duration.ofMillis(5));
    }

    private static String keyId(String secret) {
        return (String) api.rows("SELECT id FROM api_keys WHERE secret_sha256 = sha256(convert_to(?, 'UTF8'))", secret).get(0).get("id");
    }

    /** A request carrying {@code x-correlation-id}; a non-null body is sent as application/json. */
    private static Response send(String method, String key, String path, String body, String correlationId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("x-correlation-id", correlationId);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode page(String key, String query) {
        Response r = api.get(key, "/api/audit-logs" + query);
        assertThat(r.status()).as("GET /api/audit-logs%s -> %s", query, r).isEqualTo(200);
        assertThat(r.json().path("success").asBoolean()).isTrue();
        return r.json();
    }

    private static List<JsonNode> rows(String key, String query) {
        return stream(page(key, query).path("auditLogs")).toList();
    }

    private static List<String> actions(List<JsonNode> rows) {
        return rows.stream().map(r -> r.path("action").asText()).toList();
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void theAuditedActions_readBack_newestFirst_withActorIpAndCorrelationId() {
        JsonNode body = page(ws.adminKey(), "?limit=100");
        List<JsonNode> rows = stream(body.path("auditLogs")).toList();

        assertThat(actions(rows).subList(0, 5)).containsExactlyElementsOf(ACTIONS);
        assertThat(body.path("nextCursor").isNull()).isTrue();
        List<String> targets = List.of(messageId, messageId, dncId, issuedKeyId, issuedKeyId);
        List<String> targetTypes = List.of("message", "message", "dnc", "api_key", "api_key");
        for (int i = 0; i < 5; i++) {
            JsonNode row = rows.get(i);
            assertThat(row.path("_id").isTextual()).as("%s", row).isTrue();
            assertThat(row.path("_id").asText()).matches("[1-9][0-9]*");
            assertThat(row.path("workspaceId").asText()).isEqualTo(ws.idValue());
            assertThat(row.path("actorType").asText()).isEqualTo("api_key");
            assertThat(row.path("actorId").asText()).isEqualTo(adminKeyId);
            assertThat(row.path("targetType").asText()).isEqualTo(targetTypes.get(i));
            assertThat(row.path("targetId").asText()).isEqualTo(targets.get(i));
            assertThat(row.path("ip").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "[0:0:0:0:0:0:0:1]");
            assertThat(row.path("correlationId").asText()).isEqualTo("corr-audit-" + (5 - i));
            assertThat(row.path("detail").isObject()).isTrue();
            assertThat(row.path("at").asText()).matches(TIME);
        }
        List<String> keys = new ArrayList<>();
        rows.get(0).fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("_id", "workspaceId", "actorType", "actorId", "action", "targetType", "targetId", "ip",
                "correlationId", "detail", "at");
        // the workspace's own creation, its keys and line, by the test's system actor, come before
        assertThat(rows.subList(5, rows.size())).isNotEmpty()
                .allSatisfy(r -> assertThat(r.path("actorType").asText()).isEqualTo("system"));
        assertThat(rows).extracting(r -> r.path("at").asText()).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void eachFilter_narrowsTheRows() {
        assertThat(rows(ws.adminKey(), "?action=api_key.revoke")).singleElement()
                .satisfies(r -> assertThat(r.path("targetId").asText()).isEqualTo(issuedKeyId));
        assertThat(actions(rows(ws.adminKey(), "?targetType=api_key&targetId=" + issuedKeyId)))
                .containsExactly("api_key.revoke", "api_key.create");
        assertThat(actions(rows(ws.adminKey(), "?targetType=message"))).containsExactly("message.cancel", "message.create");
        assertThat(actions(rows(ws.adminKey(), "?actor=" + adminKeyId))).containsExactlyElementsOf(ACTIONS);
        assertThat(actions(rows(ws.adminKey(), "?actor=" + q("api_key:" + adminKeyId)))).containsExactlyElementsOf(ACTIONS);
        assertThat(rows(ws.adminKey(), "?actor=" + q("user:" + adminKeyId))).isEmpty();
        assertThat(rows(ws.adminKey(), "?actor=" + q("system:admin-test"))).isNotEmpty()
                .allSatisfy(r -> assertThat(r.path("actorId").asText()).isEqualTo("admin-test"));

        List<JsonNode> all = rows(ws.adminKey(), "?actor=" + adminKeyId);
        String cancelAt = all.get(0).path("at").asText();
        String dncAt = all.get(2).path("at").asText();
        // from inclusive, to exclusive; an offset other than Z means the same instant
        assertThat(actions(rows(ws.adminKey(), "?from=" + q(dncAt) + "&to=" + q(cancelAt))))
                .containsExactly("message.create", "dnc.add");
        String dncAtInParis = java.time.OffsetDateTime.parse(dncAt).atZoneSameInstant(java.time.ZoneId.of("Europe/Paris"))
                .toOffsetDateTime().toString();
        assertThat(actions(rows(ws.adminKey(), "?actor=" + adminKeyId + "&from=" + q(dncAtInParis))))
                .containsExactly("message.cancel", "message.create", "dnc.add");
        assertThat(actions(rows(ws.adminKey(), "?actor=" + adminKeyId + "&to=" + q(dncAt))))
                .containsExactly("api_key.revoke", "api_key.create");
    }

    @Test
    void aSmallLimit_pagesWithTheCursor_throughEveryRow_once() {
        List<String> everything = rows(ws.adminKey(), "?limit=100").stream().map(r -> r.path("_id").asText()).toList();
        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode body = page(ws.adminKey(), "?limit=2" + (cursor == null ? "" : "&cursor=" + q(cursor)));
            List<JsonNode> rows = stream(body.path("auditLogs")).toList();
            assertThat(rows).hasSizeBetween(1, 2);
            rows.forEach(r -> paged.add(r.path("_id").asText()));
            cursor = body.path("nextCursor").isNull() ? null : body.path("nextCursor").asText();
            assertThat(++pages).isLessThan(100);
        } while (cursor != null);

        assertThat(paged).containsExactlyElementsOf(everything);
        assertThat(pages).isEqualTo((everything.size() + 1) / 2);
        // the default page is fifty rows
        assertThat(everything.size()).isLessThan(50);
        assertThat(rows(ws.adminKey(), "")).hasSize(everything.size());
    }

    @Test
    void aFilteredPage_cursorKeepsTheFilter() {
        JsonNode first = page(ws.adminKey(), "?actor=" + adminKeyId + "&limit=3");
        assertThat(actions(stream(first.path("auditLogs")).toList())).containsExactlyElementsOf(ACTIONS.subList(0, 3));
        JsonNode second = page(ws.adminKey(), "?actor=" + adminKeyId + "&limit=3&cursor=" + q(first.path("nextCursor").asText()));
        assertThat(actions(stream(second.path("auditLogs")).toList())).containsExactlyElementsOf(ACTIONS.subList(3, 5));
        assertThat(second.path("nextCursor").isNull()).isTrue();
    }

    @Test
    void aMember_isForbidden_beforeItsParametersAreLookedAt() {
        error(api.get(memberKey, "/api/audit-logs"), 403, "FORBIDDEN");
        error(api.get(memberKey, "/api/audit-logs?limit=0&from=yesterday"), 403, "FORBIDDEN");
        error(api.get(null, "/api/audit-logs"), 401, "UNAUTHORIZED");
    }

    @Test
    void anotherWorkspacesRows_areInvisible_eitherWay() {
        assertThat(rows(ws.adminKey(), "?limit=100")).allSatisfy(r -> assertThat(r.path("workspaceId").asText()).isEqualTo(ws.idValue()));
        assertThat(rows(ws.adminKey(), "?targetType=api_key&targetId=" + otherKeyId)).isEmpty();
        assertThat(rows(ws.adminKey(), "?actor=" + keyId(other.adminKey()))).isEmpty();

        List<JsonNode> theirs = rows(other.adminKey(), "?limit=100");
        assertThat(theirs).allSatisfy(r -> assertThat(r.path("workspaceId").asText()).isEqualTo(other.idValue()));
        assertThat(theirs.get(0).path("targetId").asText()).isEqualTo(otherKeyId);
        assertThat(theirs.get(0).path("correlationId").asText()).isEqualTo("corr-other");
        assertThat(rows(other.adminKey(), "?targetId=" + issuedKeyId)).isEmpty();
    }

    @Test
    void aReadOnlyWorkspacesAdmin_mayStillRead() {
        TestWorkspace frozen = api.workspace();
        api.setStatus(frozen, WorkspaceStatus.READ_ONLY);

        assertThat(rows(frozen.adminKey(), "?limit=100")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.path("workspaceId").asText()).isEqualTo(frozen.idValue()));
    }

    @Test
    void everyBadParameter_isNamed_allAtOnce() {
        JsonNode e = error(api.get(ws.adminKey(), "/api/audit-logs?actor=" + "x".repeat(201) + "&action=a%00b&targetType=t%0A"
                + "&targetId=" + "y".repeat(201) + "&from=yesterday&to=2026-01-01T00:00:00&limit=101&cursor=nope"), 400, "VALIDATION_ERROR");

        assertThat(detailFields(e)).containsExactly("actor", "action", "targetType", "targetId", "from", "to", "limit", "cursor");
        error(api.get(ws.adminKey(), "/api/audit-logs?limit=0"), 400, "VALIDATION_ERROR");
        error(api.get(ws.adminKey(), "/api/audit-logs?limit=ten"), 400, "VALIDATION_ERROR");
    }

    @Test
    void theRoute_isReadOnly() {
        long before = api.count("SELECT count(*) FROM audit_log");
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            Response r = api.call(method, ws.adminKey(), "/api/audit-logs", method.equals("DELETE") ? null : "{}");
            assertThat(r.status()).as("%s -> %s", method, r).isIn(404, 405);
        }
        assertThat(api.count("SELECT count(*) FROM audit_log")).isEqualTo(before);
    }
}
