package ai.tuco.bootstrap.api;

import static ai.tuco.bootstrap.api.ApiFixture.ID;
import static ai.tuco.bootstrap.api.ApiFixture.TIME;
import static ai.tuco.bootstrap.api.ApiFixture.freshPhone;
import static ai.tuco.bootstrap.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.bootstrap.TestHttp;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.workspace.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading and cancelling: {@code GET /api/messages/{id}}, the filtered and paged list, the event history,
 * {@code POST /api/messages/{id}/cancel} from every status, {@code GET /api/lines/by-user}, and the tenant
 * isolation matrix (another workspace's ids are 404 or simply absent, never its data).
 */
class ReadAndCancelApiTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static ApiFixture api;
    /** Workspace A, with an iMessage line, an SMS line and an email line. */
    static TestWorkspace a;
    static String aImessage;
    static String aSms;
    static String aEmail;
    /** Workspace B: the intruder. */
    static TestWorkspace b;
    static String bLine;

    @BeforeAll
    static void start() {
        api = ApiFixture.start(db);
        a = api.workspace("US");
        aImessage = api.line(a.id(), "+13125553001", Channel.IMESSAGE);
        aSms = api.line(a.id(), "+13125553002", Channel.SMS);
        aEmail = api.line(a.id(), "team@a.example", Channel.EMAIL);
        b = api.workspace("US");
        bLine = api.line(b.id(), "+13125553101", Channel.IMESSAGE);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static JsonNode sendA(Object... pairs) {
        return api.send(a.adminKey(), json(pairs)).get("message");
    }

    // ---- GET one ---------------------------------------------------------------------------------------------------

    @Test
    void getMessage_returnsWhatWasAccepted() {
        JsonNode sent = sendA("message", "Hi {{firstName|there}}", "recipientPhone", freshPhone(), "recipientName", "Ann Lee",
                "batchId", "get-1", "timezone", "America/New_York", "sendWindowStart", "08:30", "sendWindowEnd", "20:00",
                "allowedDaysOfWeek", List.of("mon", "fri"));
        var r = api.get(a.adminKey(), "/api/messages/" + sent.get("_id").asText());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("success").asBoolean()).isTrue();
        JsonNode m = r.json().get("message");
        assertThat(m).isEqualTo(sent);
        assertThat(m.at("/settings/timezone").asText()).isEqualTo("America/New_York");
        assertThat(m.at("/settings/sendWindowStart").asText()).isEqualTo("08:30");
        assertThat(m.at("/settings/allowedDaysOfWeek").toString()).isEqualTo("[1,5]");
        assertThat(m.get("fromLinePhone").asText()).isEqualTo("+13125553001");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0123456789abcdef01234567", "not-an-id", "0123456789ABCDEF01234567", "%20", "1"})
    void unknownOrMalformedId_is404OnEveryMessageRoute(String id) {
        for (var r : List.of(api.get(a.adminKey(), "/api/messages/" + id), api.get(a.adminKey(), "/api/messages/" + id + "/events"),
                api.post(a.adminKey(), "/api/messages/" + id + "/cancel", ""))) {
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.json().get("code").asText()).isEqualTo("NOT_FOUND");
            assertThat(r.json().get("success").asBoolean()).isFalse();
        }
    }

    @Test
    void dueScheduledMessage_isShownAsQueued_andFiltersAsQueued() {
        JsonNode sent = sendA("message", "Hi", "recipientPhone", freshPhone(), "batchId", "due-1",
                "scheduledDate", Instant.now().plus(1, ChronoUnit.DAYS).toString());
        String id = sent.get("_id").asText();
        assertThat(sent.get("status").asText()).isEqualTo("scheduled");
        assertThat(ids(list(a.adminKey(), "batchId=due-1&status=scheduled"))).containsExactly(id);
        api.exec("UPDATE messages SET due_at = now() - interval '1 minute' WHERE id = ?", id);
        assertThat(api.get(a.adminKey(), "/api/messages/" + id).json().at("/message/status").asText()).isEqualTo("queued");
        assertThat(ids(list(a.adminKey(), "batchId=due-1&status=queued"))).containsExactly(id);
        assertThat(ids(list(a.adminKey(), "batchId=due-1&status=scheduled"))).isEmpty();
        var cancelled = api.post(a.adminKey(), "/api/messages/" + id + "/cancel", "");
        assertThat(cancelled.status()).isEqualTo(200);
    }

    // ---- list --------------------------------------------------------------------------------------------------------

    @Test
    void list_isNewestFirst_pagedByCursor_withoutGapsOrRepeats_andEndsWithANullCursor() {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            sent.add(sendA("message", "Page " + i, "recipientPhone", freshPhone(), "batchId", "paging").get("_id").asText());
        }
        // two pairs share a creation instant: the id breaks the tie
        api.exec("UPDATE messages SET created_at = (SELECT created_at FROM messages WHERE id = ?) WHERE id = ?", sent.get(1), sent.get(2));
        api.exec("UPDATE messages SET created_at = (SELECT created_at FROM messages WHERE id = ?) WHERE id = ?", sent.get(4), sent.get(5));
        List<String> expected = api.strings(
                "SELECT id FROM messages WHERE batch_id = 'paging' ORDER BY created_at DESC, id DESC");
        assertThat(expected).containsExactlyInAnyOrderElementsOf(sent);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = list(a.adminKey(), "batchId=paging&limit=2" + (cursor == null ? "" : "&cursor=" + enc(cursor)));
            assertThat(page.get("messages").size()).isLessThanOrEqualTo(2);
            seen.addAll(ids(page));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen).isEqualTo(expected);
        assertThat(pages).isEqualTo(4);

        JsonNode exact = list(a.adminKey(), "batchId=paging&limit=7");
        assertThat(ids(exact)).isEqualTo(expected);
        assertThat(exact.get("nextCursor").isNull()).isTrue();
        assertThat(exact.get("success").asBoolean()).isTrue();
    }

    @Test
    void list_defaultsTo50_andAllows100() {
        var ws = api.workspace("US");
        api.line(ws.id(), "+13125553201", Channel.IMESSAGE);
        String lead = api.send(ws.adminKey(), json("message", "Seed", "recipientPhone", freshPhone())).get("leadId").asText();
        String template = api.strings("SELECT id FROM messages WHERE lead_id = ?", lead).get(0);
        // 119 more rows copied in SQL from the accepted one (only the listing is under test here)
        api.exec("""
                INSERT INTO messages (id, workspace_id, line_id, lead_id, message_type, status, template, recipient_phone,
                    due_at, correlation_id, created_at, updated_at)
                SELECT lpad(to_hex(1000000 + g), 24, 'a'), workspace_id, line_id, lead_id, message_type, status, template,
                    recipient_phone, due_at, correlation_id, created_at - g * interval '1 second', updated_at
                FROM messages, generate_series(1, 119) AS g WHERE id = ?""", template);
        JsonNode first = list(ws.adminKey(), "");
        assertThat(first.get("messages")).hasSize(50);
        assertThat(first.get("nextCursor").isNull()).isFalse();
        JsonNode hundred = list(ws.adminKey(), "limit=100");
        assertThat(hundred.get("messages")).hasSize(100);
        JsonNode rest = list(ws.adminKey(), "limit=100&cursor=" + enc(hundred.get("nextCursor").asText()));
        assertThat(rest.get("messages")).hasSize(20);
        assertThat(rest.get("nextCursor").isNull()).isTrue();
        Set<String> all = new HashSet<>(ids(hundred));
        all.addAll(ids(rest));
        assertThat(all).hasSize(120);
    }

    @Test
    void list_filtersByEveryField() {
        String lead1 = api.send(a.adminKey(), json("message", "F1", "recipientPhone", freshPhone(), "batchId", "filters"))
                .get("leadId").asText();
        JsonNode sms = sendA("message", "F2", "messageType", "sms", "leadId", lead1, "batchId", "filters");
        JsonNode email = sendA("message", "F3", "messageType", "email", "recipientEmail", "filters@example.com", "batchId", "filters");
        JsonNode scheduled = sendA("message", "F4", "recipientPhone", freshPhone(), "batchId", "filters",
                "scheduledDate", Instant.now().plus(3, ChronoUnit.DAYS).toString());
        JsonNode other = sendA("message", "F5", "recipientPhone", freshPhone(), "batchId", "filters-other");
        String first = api.strings("SELECT id FROM messages WHERE batch_id = 'filters' AND template = 'F1'").get(0);
        api.exec("UPDATE messages SET status = 'failed', error_code = 'X', error_message = 'y' WHERE id = ?", first);
        api.exec("UPDATE messages SET created_at = '2020-01-01T00:00:00Z' WHERE id = ?", email.get("_id").asText());

        assertThat(ids(list(a.adminKey(), "batchId=filters"))).hasSize(4).doesNotContain(other.get("_id").asText());
        assertThat(ids(list(a.adminKey(), "batchId=filters&messageType=sms"))).containsExactly(sms.get("_id").asText());
        assertThat(ids(list(a.adminKey(), "batchId=filters&fromLineId=" + aEmail))).containsExactly(email.get("_id").asText());
        assertThat(ids(list(a.adminKey(), "batchId=filters&leadId=" + lead1))).containsExactlyInAnyOrder(first, sms.get("_id").asText());
        assertThat(ids(list(a.adminKey(), "batchId=filters&status=failed"))).containsExactly(first);
        assertThat(ids(list(a.adminKey(), "batchId=filters&status=scheduled"))).containsExactly(scheduled.get("_id").asText());
        assertThat(ids(list(a.adminKey(), "batchId=filters&status=queued"))).containsExactly(sms.get("_id").asText(), email.get("_id").asText());
        assertThat(ids(list(a.adminKey(), "batchId=filters&createdTo=2020-01-02T00:00:00Z"))).containsExactly(email.get("_id").asText());
        assertThat(ids(list(a.adminKey(), "batchId=filters&createdFrom=2020-01-02T00:00:00Z"))).hasSize(3);
        assertThat(ids(list(a.adminKey(), "batchId=filters&createdFrom=" + enc("2019-12-31T19:00:00-05:00")
                + "&createdTo=" + enc("2020-01-01T00:00:00.001Z")))).containsExactly(email.get("_id").asText());
        assertThat(ids(list(a.adminKey(), "messageType=email&batchId=filters&status=queued"))).containsExactly(email.get("_id").asText());
    }

    static Stream<Arguments> badListParameters() {
        return Stream.of(
                Arguments.of("limit=0", "limit"), Arguments.of("limit=101", "limit"), Arguments.of("limit=-1", "limit"),
                Arguments.of("limit=ten", "limit"), Arguments.of("limit=1.5", "limit"),
                Arguments.of("limit=99999999999999999999", "limit"),
                Arguments.of("cursor=garbage", "cursor"), Arguments.of("cursor=" + enc("MTIz"), "cursor"),
                Arguments.of("cursor=" + enc(java.util.Base64.getUrlEncoder().encodeToString("x:0123456789abcdef01234567".getBytes())), "cursor"),
                Arguments.of("status=done", "status"), Arguments.of("messageType=fax", "messageType"),
                Arguments.of("fromLineId=abc", "fromLineId"), Arguments.of("leadId=abc", "leadId"),
                Arguments.of("createdFrom=yesterday", "createdFrom"), Arguments.of("createdTo=2020-01-01", "createdTo"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badListParameters")
    void badListParameter_is400NamingIt(String query, String field) {
        var r = api.get(a.adminKey(), "/api/messages?" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(MessageValidationApiTest.fields(r.json())).contains(field);
    }

    // ---- events ------------------------------------------------------------------------------------------------------

    @Test
    void events_listTheAcceptanceThenTheCancellation_inOrder() {
        String id = sendA("message", "Hi", "recipientPhone", freshPhone()).get("_id").asText();
        JsonNode events = api.get(a.adminKey(), "/api/messages/" + id + "/events").json();
        assertThat(events.get("success").asBoolean()).isTrue();
        assertThat(events.get("events")).hasSize(1);
        JsonNode accepted = events.get("events").get(0);
        assertThat(SendMessageApiTest.fieldNames(accepted)).containsExactly("seq", "type", "fromStatus", "toStatus", "at", "detail");
        assertThat(accepted.get("seq").asInt()).isEqualTo(1);
        assertThat(accepted.get("type").asText()).isEqualTo("accepted");
        assertThat(accepted.get("fromStatus").isNull()).isTrue();
        assertThat(accepted.get("toStatus").asText()).isEqualTo("queued");
        assertThat(accepted.get("at").asText()).matches(TIME);
        assertThat(accepted.get("detail").isObject()).isTrue();

        assertThat(api.post(a.adminKey(), "/api/messages/" + id + "/cancel", "").status()).isEqualTo(200);
        JsonNode after = api.get(a.adminKey(), "/api/messages/" + id + "/events").json().get("events");
        assertThat(after).hasSize(2);
        assertThat(after.get(1).get("seq").asInt()).isEqualTo(2);
        assertThat(after.get(1).get("fromStatus").asText()).isEqualTo("queued");
        assertThat(after.get(1).get("toStatus").asText()).isEqualTo("cancelled");
    }

    // ---- cancel ------------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"queued", "scheduled"})
    void waitingMessage_cancel_marksItCancelled_dropsItFromTheQueue_andAudits(String status) {
        Object[] extra = status.equals("scheduled")
                ? new Object[] {"scheduledDate", Instant.now().plus(5, ChronoUnit.DAYS).toString()} : new Object[0];
        List<Object> pairs = new ArrayList<>(List.of("message", "Hi", "recipientPhone", freshPhone()));
        pairs.addAll(List.of(extra));
        JsonNode sent = sendA(pairs.toArray());
        String id = sent.get("_id").asText();
        assertThat(sent.get("status").asText()).isEqualTo(status);
        long audit = api.count("SELECT count(*) FROM audit_log WHERE target_id = ? AND action = 'message.cancel'", id);

        var r = api.post(a.adminKey(), "/api/messages/" + id + "/cancel", "", "x-correlation-id", "cancel-" + status);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("success").asBoolean()).isTrue();
        JsonNode m = r.json().get("message");
        assertThat(m.get("_id").asText()).isEqualTo(id);
        assertThat(m.get("status").asText()).isEqualTo("cancelled");
        assertThat(m.get("errorCode").asText()).isNotBlank();
        assertThat(m.get("errorMessage").asText()).isNotBlank();
        assertThat(m.get("updatedAt").asText()).matches(TIME);
        assertThat(api.get(a.adminKey(), "/api/messages/" + id).json().at("/message/status").asText()).isEqualTo("cancelled");
        assertThat(api.count("SELECT count(*) FROM dispatch_queue WHERE message_id = ?", id)).isZero();
        assertThat(api.count("SELECT count(*) FROM audit_log WHERE target_id = ? AND action = 'message.cancel'"
                + " AND correlation_id = ? AND actor_type = 'api_key'", id, "cancel-" + status)).isEqualTo(audit + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sending", "sent", "delivered", "failed", "fallback", "cancelled"})
    void messagePastWaiting_cancel_is409InvalidStatusNamingIt_andChangesNothing(String status) {
        String id = sendA("message", "Hi", "recipientPhone", freshPhone()).get("_id").asText();
        boolean needsReason = Set.of("failed", "fallback", "cancelled").contains(status);
        api.exec("UPDATE messages SET status = ?, error_code = ?, error_message = ? WHERE id = ?", status,
                needsReason ? "TEST_" + status.toUpperCase() : null, needsReason ? "set by the test" : null, id);
        var before = api.counts();
        String row = api.strings("SELECT row_to_json(m)::text FROM messages m WHERE id = ?", id).get(0);

        var r = api.post(a.adminKey(), "/api/messages/" + id + "/cancel", "");
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        JsonNode body = r.json();
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("code").asText()).isEqualTo("INVALID_STATUS");
        assertThat(body.get("details")).anySatisfy(d -> {
            assertThat(d.get("field").asText()).isEqualTo("status");
            assertThat(d.get("message").asText()).isEqualTo(status);
        });
        assertThat(api.counts()).isEqualTo(before);
        assertThat(api.strings("SELECT row_to_json(m)::text FROM messages m WHERE id = ?", id).get(0)).isEqualTo(row);
    }

    @Test
    void cancellingTwice_theSecondIs409() {
        String id = sendA("message", "Hi", "recipientPhone", freshPhone()).get("_id").asText();
        assertThat(api.post(a.adminKey(), "/api/messages/" + id + "/cancel", "").status()).isEqualTo(200);
        var again = api.post(a.adminKey(), "/api/messages/" + id + "/cancel", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asText()).isEqualTo("INVALID_STATUS");
    }

    @Test
    void concurrentCancels_exactlyOneWins() throws Exception {
        String id = sendA("message", "Hi", "recipientPhone", freshPhone()).get("_id").asText();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            var latch = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(pool.submit(() -> {
                    latch.await();
                    return api.post(a.adminKey(), "/api/messages/" + id + "/cancel", "").status();
                }));
            }
            latch.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (var f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(200, 409).filteredOn(s -> s == 200).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(api.count("SELECT count(*) FROM message_events WHERE message_id = ?", id)).isEqualTo(2);
    }

    @Test
    void cancelWithABody_isStillACancel() {
        String id = sendA("message", "Hi", "recipientPhone", freshPhone()).get("_id").asText();
        var r = api.post(a.adminKey(), "/api/messages/" + id + "/cancel", "{}");
        assertThat(r.status()).isEqualTo(200);
    }

    // ---- lines by user ---------------------------------------------------------------------------------------------

    @Test
    void linesByUser_forAKeyWithoutUser_areAllTheWorkspacesLines_withoutCredentials() {
        var r = api.get(a.adminKey(), "/api/lines/by-user");
        assertThat(r.status()).isEqualTo(200);
        JsonNode lines = r.json().get("lines");
        assertThat(r.json().get("success").asBoolean()).isTrue();
        List<String> ids = new ArrayList<>();
        lines.forEach(l -> ids.add(l.get("_id").asText()));
        assertThat(ids).containsExactlyInAnyOrder(aImessage, aSms, aEmail);
        JsonNode line = find(lines, aImessage);
        assertThat(SendMessageApiTest.fieldNames(line)).containsAll(List.of("_id", "workspaceId", "name", "phone", "email",
                "firstName", "lastName", "isActive", "provisioningStatus", "lineType", "channels", "provider", "ownerUserId",
                "pacingSeconds", "dailyNewConversationsLimit", "dailyTotalMessagesLimit", "hourlyNewConversationsLimit", "usage",
                "healthCheck", "createdAt", "updatedAt"));
        assertThat(line.get("workspaceId").asText()).isEqualTo(a.idValue());
        assertThat(line.get("phone").asText()).isEqualTo("+13125553001");
        assertThat(line.get("isActive").asBoolean()).isTrue();
        assertThat(line.get("provisioningStatus").asText()).isEqualTo("active");
        assertThat(line.get("lineType").asText()).isEqualTo("byon");
        assertThat(line.get("channels").toString()).isEqualTo("[\"imessage\"]");
        assertThat(line.get("provider").asText()).isEqualTo("sandbox");
        assertThat(line.get("dailyNewConversationsLimit").asInt()).isEqualTo(50);
        assertThat(line.get("dailyTotalMessagesLimit").asInt()).isEqualTo(75);
        assertThat(line.get("hourlyNewConversationsLimit").asInt()).isEqualTo(50);
        assertThat(line.at("/usage/date").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(line.at("/usage/newConversationsCount").isInt()).isTrue();
        assertThat(line.at("/healthCheck/status").asText()).isIn("healthy", "unhealthy", "unknown");
        assertThat(line.get("createdAt").asText()).matches(TIME);
        assertThat(find(lines, aEmail).get("email").asText()).isEqualTo("team@a.example");
        assertThat(r.body()).doesNotContain("providerConfig").doesNotContain("password").doesNotContain("authToken");
    }

    @Test
    void linesByUser_forAKeyBoundToAUser_areOnlyThatUsersLines() {
        String user = "aaaaaaaaaaaaaaaaaaaaaaaa";
        api.exec("UPDATE lines SET owner_user_id = ? WHERE id = ?", user, aSms);
        try {
            String userKey = api.key(a.id(), Role.MEMBER, Optional.of(user));
            JsonNode lines = api.get(userKey, "/api/lines/by-user").json().get("lines");
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0).get("_id").asText()).isEqualTo(aSms);
            assertThat(lines.get(0).get("ownerUserId").asText()).isEqualTo(user);
            String lonely = api.key(a.id(), Role.MEMBER, Optional.of("bbbbbbbbbbbbbbbbbbbbbbbb"));
            assertThat(api.get(lonely, "/api/lines/by-user").json().get("lines")).isEmpty();
        } finally {
            api.exec("UPDATE lines SET owner_user_id = NULL WHERE id = ?", aSms);
        }
    }

    // ---- tenant isolation --------------------------------------------------------------------------------------------

    /** A's objects, made once for the matrix. */
    record AObjects(String messageId, String leadId, String phone) {}

    static AObjects aObjects;

    static synchronized AObjects aObjects() {
        if (aObjects == null) {
            String phone = freshPhone();
            JsonNode sent = api.send(a.adminKey(), json("message", "Secret to A", "recipientPhone", phone,
                    "recipientName", "Alice Secret", "batchId", "a-private"));
            aObjects = new AObjects(sent.at("/message/_id").asText(), sent.get("leadId").asText(), phone);
        }
        return aObjects;
    }

    static Stream<Arguments> foreignSingleObjectRoutes() {
        Map<String, Supplier<TestHttp.Response>> routes = new java.util.LinkedHashMap<>();
        routes.put("GET /api/messages/{A's message}", () -> api.get(b.adminKey(), "/api/messages/" + aObjects().messageId()));
        routes.put("GET /api/messages/{A's message}/events", () -> api.get(b.adminKey(), "/api/messages/" + aObjects().messageId() + "/events"));
        routes.put("POST /api/messages/{A's message}/cancel", () -> api.post(b.adminKey(), "/api/messages/" + aObjects().messageId() + "/cancel", ""));
        routes.put("POST /api/messages with A's leadId", () -> api.post(b.adminKey(), "/api/messages",
                json("message", "Hi", "leadId", aObjects().leadId())));
        routes.put("POST /api/messages with A's fromLineId", () -> api.post(b.adminKey(), "/api/messages",
                json("message", "Hi", "recipientPhone", freshPhone(), "fromLineId", aImessage)));
        routes.put("POST /api/messages with A's leadId and B's line", () -> api.post(b.adminKey(), "/api/messages",
                json("message", "Hi", "leadId", aObjects().leadId(), "fromLineId", bLine)));
        routes.put("POST /api/messages with A's leadId and A's line", () -> api.post(b.adminKey(), "/api/messages",
                json("message", "Hi", "leadId", aObjects().leadId(), "fromLineId", aImessage)));
        return routes.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("foreignSingleObjectRoutes")
    void anotherWorkspacesId_is404_exactlyLikeAnUnknownId_andChangesNothing(String route, Supplier<TestHttp.Response> call) {
        aObjects();
        var before = api.counts();
        String aRow = api.strings("SELECT row_to_json(m)::text FROM messages m WHERE id = ?", aObjects().messageId()).get(0);
        var r = call.get();
        assertThat(r.status()).as(r.body()).isEqualTo(404);
        JsonNode body = r.json();
        assertThat(body.get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(r.body()).doesNotContain(aObjects().messageId()).doesNotContain(aObjects().leadId())
                .doesNotContain(aImessage).doesNotContain("Secret").doesNotContain(a.idValue());
        assertThat(api.counts()).isEqualTo(before);
        assertThat(api.strings("SELECT row_to_json(m)::text FROM messages m WHERE id = ?", aObjects().messageId()).get(0))
                .isEqualTo(aRow);
    }

    @Test
    void anotherWorkspacesId_answersTheSameBodyAsAnUnknownId() {
        String unknown = "0123456789abcdef01234567";
        for (String suffix : List.of("", "/events")) {
            var foreign = api.get(b.adminKey(), "/api/messages/" + aObjects().messageId() + suffix);
            var missing = api.get(b.adminKey(), "/api/messages/" + unknown + suffix);
            assertThat(foreign.status()).isEqualTo(missing.status());
            assertThat(foreign.json()).isEqualTo(missing.json());
        }
    }

    @Test
    void listsAndLines_neverShowAnotherWorkspacesData() {
        AObjects ao = aObjects();
        JsonNode all = list(b.adminKey(), "limit=100");
        assertThat(all.toString()).doesNotContain(ao.messageId()).doesNotContain("Secret").doesNotContain(a.idValue());
        assertThat(ids(list(b.adminKey(), "leadId=" + ao.leadId()))).isEmpty();
        assertThat(ids(list(b.adminKey(), "fromLineId=" + aImessage))).isEmpty();
        assertThat(ids(list(b.adminKey(), "batchId=a-private"))).isEmpty();
        JsonNode lines = api.get(b.adminKey(), "/api/lines/by-user").json().get("lines");
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).get("_id").asText()).isEqualTo(bLine);
    }

    @Test
    void rawRecipientMatchingALeadOfAnotherWorkspace_makesItsOwnLead() {
        AObjects ao = aObjects();
        JsonNode r = api.send(b.adminKey(), json("message", "Hi", "recipientPhone", ao.phone()));
        assertThat(r.get("leadId").asText()).isNotEqualTo(ao.leadId());
        assertThat(r.get("duplicateOnly").asBoolean()).isFalse();
        assertThat(r.toString()).doesNotContain("Alice").doesNotContain(a.idValue());
    }

    // ---- helpers -----------------------------------------------------------------------------------------------------

    static JsonNode list(String key, String query) {
        var r = api.get(key, "/api/messages" + (query.isEmpty() ? "" : "?" + query));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode json = r.json();
        assertThat(json.has("nextCursor")).isTrue();
        json.get("messages").forEach(m -> assertThat(m.get("_id").asText()).matches(ID));
        return json;
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("messages").forEach(m -> ids.add(m.get("_id").asText()));
        return ids;
    }

    static JsonNode find(JsonNode array, String id) {
        for (JsonNode n : array) {
            if (n.get("_id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError(id + " not in " + array);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
