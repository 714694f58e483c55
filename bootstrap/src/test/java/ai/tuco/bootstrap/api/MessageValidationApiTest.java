package ai.tuco.bootstrap.api;

import static ai.tuco.bootstrap.api.ApiFixture.DEMO_LEAD;
import static ai.tuco.bootstrap.api.ApiFixture.DEMO_LINE;
import static ai.tuco.bootstrap.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.bootstrap.TestHttp;
import ai.tuco.domain.shared.Channel;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of {@code POST /api/messages}: each broken rule is a 400 whose {@code details} names the field, the
 * body is never half-read into a 500, and a refused request writes nothing (no message, event, lead, queue row or
 * audit row, and no lead is touched).
 */
class MessageValidationApiTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static ApiFixture api;
    static String key;

    @BeforeAll
    static void start() {
        api = ApiFixture.start(db);
        key = api.demo.apiKey();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String repeat(String s, int n) {
        return s.repeat(n);
    }

    /** A valid request to the demo lead with {@code overrides} applied (a null value is written as JSON null). */
    private static String toLead(Object... overrides) {
        Object[] pairs = new Object[4 + overrides.length];
        pairs[0] = "message";
        pairs[1] = "Hi there";
        pairs[2] = "leadId";
        pairs[3] = DEMO_LEAD;
        System.arraycopy(overrides, 0, pairs, 4, overrides.length);
        // later pairs win: build through a map so an override replaces the base value in place
        java.util.LinkedHashMap<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        List<Object> flat = new ArrayList<>();
        map.forEach((k, v) -> {
            flat.add(k);
            flat.add(v);
        });
        return json(flat.toArray());
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                // message
                Arguments.of("message missing", json("leadId", DEMO_LEAD), "message"),
                Arguments.of("message null", toLead("message", null), "message"),
                Arguments.of("message empty", toLead("message", ""), "message"),
                Arguments.of("message blank", toLead("message", "  \n\t "), "message"),
                Arguments.of("message a number", toLead("message", 42), "message"),
                Arguments.of("message an object", toLead("message", Map.of("text", "hi")), "message"),
                Arguments.of("sms message 1601 code points", toLead("messageType", "sms", "message", repeat("a", 1601)), "message"),
                Arguments.of("imessage message 20001 code points", toLead("message", repeat("a", 20_001)), "message"),
                Arguments.of("imessage message 20001 emoji (surrogate pairs)", toLead("message", repeat("\uD83D\uDE00", 20_001)), "message"),
                Arguments.of("email message 100001 code points",
                        toLead("messageType", "email", "message", repeat("a", 100_001)), "message"),
                Arguments.of("unknown placeholder", toLead("message", "Hi {{favoriteColor}}"), "message"),
                Arguments.of("unknown placeholder with fallback", toLead("message", "Hi {{nickname|friend}}"), "message"),
                // messageType
                Arguments.of("messageType unknown", toLead("messageType", "whatsapp"), "messageType"),
                Arguments.of("messageType empty", toLead("messageType", ""), "messageType"),
                Arguments.of("messageType a number", toLead("messageType", 1), "messageType"),
                Arguments.of("messageType an array", toLead("messageType", List.of("sms")), "messageType"),
                // fromLineId / leadId shapes
                Arguments.of("fromLineId not an id", toLead("fromLineId", "line-1"), "fromLineId"),
                Arguments.of("fromLineId upper-case hex", toLead("fromLineId", DEMO_LINE.toUpperCase()), "fromLineId"),
                Arguments.of("fromLineId a number", toLead("fromLineId", 667), "fromLineId"),
                Arguments.of("leadId not an id", toLead("leadId", "lead-1"), "leadId"),
                Arguments.of("leadId a number", toLead("leadId", 12), "leadId"),
                // recipients
                Arguments.of("no leadId and no recipient", json("message", "Hi"), "leadId"),
                Arguments.of("recipientPhone not a phone", json("message", "Hi", "recipientPhone", "call me"), "recipientPhone"),
                Arguments.of("recipientPhone too short", json("message", "Hi", "recipientPhone", "+1"), "recipientPhone"),
                Arguments.of("recipientPhone a number", json("message", "Hi", "recipientPhone", 12025551234L), "recipientPhone"),
                Arguments.of("recipientPhone too long", json("message", "Hi", "recipientPhone", "+1" + repeat("2", 80)), "recipientPhone"),
                Arguments.of("recipientEmail no domain", json("message", "Hi", "messageType", "email", "recipientEmail", "john@"), "recipientEmail"),
                Arguments.of("recipientEmail with a space",
                        json("message", "Hi", "messageType", "email", "recipientEmail", "john doe@example.com"), "recipientEmail"),
                Arguments.of("recipientEmail a list",
                        json("message", "Hi", "messageType", "email", "recipientEmail", List.of("a@example.com")), "recipientEmail"),
                Arguments.of("sms to a raw email only",
                        json("message", "Hi", "messageType", "sms", "recipientEmail", "a@example.com"), "recipientPhone"),
                Arguments.of("email to a raw phone only",
                        json("message", "Hi", "messageType", "email", "recipientPhone", "+13125550000"), "recipientEmail"),
                Arguments.of("recipientName over 200 characters", toLead("recipientName", repeat("n", 201)), "recipientName"),
                Arguments.of("recipientName a number", toLead("recipientName", 7), "recipientName"),
                Arguments.of("altPhone1 not a phone", toLead("altPhone1", "12"), "altPhone1"),
                Arguments.of("altPhone3 not a phone", toLead("altPhone3", "phone"), "altPhone3"),
                Arguments.of("altEmail2 not an email", toLead("altEmail2", "nope"), "altEmail2"),
                Arguments.of("altEmail1 a number", toLead("altEmail1", 1), "altEmail1"),
                // scheduledDate
                Arguments.of("scheduledDate without offset", toLead("scheduledDate", "2030-01-01T10:00:00"), "scheduledDate"),
                Arguments.of("scheduledDate a date only", toLead("scheduledDate", "2030-01-01"), "scheduledDate"),
                Arguments.of("scheduledDate words", toLead("scheduledDate", "tomorrow"), "scheduledDate"),
                Arguments.of("scheduledDate epoch number", toLead("scheduledDate", 1893492000), "scheduledDate"),
                Arguments.of("scheduledDate impossible day", toLead("scheduledDate", "2030-02-30T10:00:00Z"), "scheduledDate"),
                // timezone and window
                Arguments.of("timezone not IANA", toLead("timezone", "Mars/Olympus"), "timezone"),
                Arguments.of("timezone an offset", toLead("timezone", "+02:00"), "timezone"),
                Arguments.of("timezone a number", toLead("timezone", 2), "timezone"),
                Arguments.of("window without timezone", toLead("sendWindowStart", "09:00", "sendWindowEnd", "17:00"), "timezone"),
                Arguments.of("days without timezone", toLead("allowedDaysOfWeek", List.of(1, 2)), "timezone"),
                Arguments.of("sendWindowStart hour 25",
                        toLead("timezone", "America/New_York", "sendWindowStart", "25:00", "sendWindowEnd", "17:00"), "sendWindowStart"),
                Arguments.of("sendWindowStart single-digit hour",
                        toLead("timezone", "America/New_York", "sendWindowStart", "9:00", "sendWindowEnd", "17:00"), "sendWindowStart"),
                Arguments.of("sendWindowEnd words",
                        toLead("timezone", "America/New_York", "sendWindowStart", "09:00", "sendWindowEnd", "5pm"), "sendWindowEnd"),
                Arguments.of("sendWindowEnd with seconds",
                        toLead("timezone", "America/New_York", "sendWindowStart", "09:00", "sendWindowEnd", "17:00:00"), "sendWindowEnd"),
                Arguments.of("sendWindowStart without end",
                        toLead("timezone", "America/New_York", "sendWindowStart", "09:00"), "sendWindowEnd"),
                Arguments.of("sendWindowEnd without start",
                        toLead("timezone", "America/New_York", "sendWindowEnd", "17:00"), "sendWindowStart"),
                Arguments.of("allowedDaysOfWeek empty", toLead("timezone", "UTC", "allowedDaysOfWeek", List.of()), "allowedDaysOfWeek"),
                Arguments.of("allowedDaysOfWeek 7", toLead("timezone", "UTC", "allowedDaysOfWeek", List.of(7)), "allowedDaysOfWeek"),
                Arguments.of("allowedDaysOfWeek -1", toLead("timezone", "UTC", "allowedDaysOfWeek", List.of(-1)), "allowedDaysOfWeek"),
                Arguments.of("allowedDaysOfWeek unknown name",
                        toLead("timezone", "UTC", "allowedDaysOfWeek", List.of("funday")), "allowedDaysOfWeek"),
                Arguments.of("allowedDaysOfWeek fraction", toLead("timezone", "UTC", "allowedDaysOfWeek", List.of(1.5)), "allowedDaysOfWeek"),
                Arguments.of("allowedDaysOfWeek boolean entry",
                        toLead("timezone", "UTC", "allowedDaysOfWeek", List.of(true)), "allowedDaysOfWeek"),
                Arguments.of("allowedDaysOfWeek a string", toLead("timezone", "UTC", "allowedDaysOfWeek", "mon"), "allowedDaysOfWeek"),
                Arguments.of("allowedDaysOfWeek huge number",
                        toLead("timezone", "UTC", "allowedDaysOfWeek", List.of(new BigInteger("99999999999999999999999"))),
                        "allowedDaysOfWeek"),
                Arguments.of("allowedDaysOfWeek 2^64 + 1 (wraps to 1 as a long)",
                        toLead("timezone", "UTC", "allowedDaysOfWeek", List.of(BigInteger.TWO.pow(64).add(BigInteger.ONE))),
                        "allowedDaysOfWeek"),
                // batchId, subject, fallback flag
                Arguments.of("batchId 129 characters", toLead("batchId", repeat("b", 129)), "batchId"),
                Arguments.of("batchId empty", toLead("batchId", ""), "batchId"),
                Arguments.of("batchId a number", toLead("batchId", 5), "batchId"),
                Arguments.of("subject on imessage", toLead("subject", "Hello"), "subject"),
                Arguments.of("subject on sms", toLead("messageType", "sms", "subject", "Hello"), "subject"),
                Arguments.of("subject 999 characters", toLead("messageType", "email", "subject", repeat("s", 999)), "subject"),
                Arguments.of("subject two lines", toLead("messageType", "email", "subject", "a\r\nBcc: x@example.com"), "subject"),
                Arguments.of("sendFallbackSmsOnFailed a string", toLead("sendFallbackSmsOnFailed", "true"), "sendFallbackSmsOnFailed"),
                Arguments.of("sendFallbackSmsOnFailed a number", toLead("sendFallbackSmsOnFailed", 1), "sendFallbackSmsOnFailed"),
                // PostgreSQL text cannot hold U+0000: refused up front rather than failing the insert
                Arguments.of("message with a NUL character", toLead("message", "Hi\u0000there"), "message"),
                Arguments.of("recipientName with a NUL character", toLead("recipientName", "Jo\u0000hn"), "recipientName"),
                Arguments.of("batchId with a NUL character", toLead("batchId", "b\u0000"), "batchId"),
                Arguments.of("subject with a NUL character", toLead("messageType", "email", "subject", "s\u0000"), "subject"),
                Arguments.of("sendFallbackSmsOnFailed a huge number",
                        toLead("sendFallbackSmsOnFailed", new java.math.BigDecimal("1e309")), "sendFallbackSmsOnFailed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void brokenRule_isRefusedWith400NamingTheField_andWritesNothing(String rule, String body, String field) {
        var before = api.counts();
        var r = api.post(key, "/api/messages", body);
        assertValidationError(r, field);
        assertThat(api.counts()).isEqualTo(before);
    }

    static Stream<Arguments> malformedBodies() {
        String deep = "{\"message\":\"hi\",\"leadId\":\"" + DEMO_LEAD + "\",\"x\":" + "[".repeat(500) + "]".repeat(500) + "}";
        String deepObject = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
        String hugeNumber = "{\"message\":\"hi\",\"leadId\":\"" + DEMO_LEAD + "\",\"x\":" + "9".repeat(5000) + "}";
        return Stream.of(
                Arguments.of("truncated object", "{\"message\": \"hi\""),
                Arguments.of("not JSON at all", "message=hi"),
                Arguments.of("an array", "[{\"message\":\"hi\"}]"),
                Arguments.of("a string", "\"hi\""),
                Arguments.of("a number", "42"),
                Arguments.of("JSON null", "null"),
                Arguments.of("two objects", "{} {}"),
                Arguments.of("trailing garbage", "{\"message\":\"hi\",\"leadId\":\"" + DEMO_LEAD + "\"} x"),
                Arguments.of("duplicate keys", "{\"message\":\"hi\",\"message\":\"again\",\"leadId\":\"" + DEMO_LEAD + "\"}"),
                Arguments.of("single quotes", "{'message':'hi'}"),
                Arguments.of("trailing comma", "{\"message\":\"hi\",}"),
                Arguments.of("deep array nesting", deep),
                Arguments.of("deep object nesting", deepObject),
                Arguments.of("a 5000-digit number", hugeNumber),
                Arguments.of("NaN literal", "{\"message\":\"hi\",\"leadId\":\"" + DEMO_LEAD + "\",\"x\":NaN}"),
                Arguments.of("comment", "{/* c */\"message\":\"hi\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void malformedBody_isA400ValidationError_never500(String name, String body) {
        var before = api.counts();
        var r = api.post(key, "/api/messages", body);
        assertValidationError(r, "body");
        assertThat(api.counts()).isEqualTo(before);
    }

    @Test
    void emptyBody_isA400NamingTheBody() {
        var r = api.http.request("POST", "/api/messages", HttpRequest.BodyPublishers.noBody(), "application/json",
                "Authorization", "Bearer " + key);
        assertValidationError(r, "body");
    }

    @Test
    void invalidUtf8_isA400NamingTheBody() {
        byte[] body = new byte[] {'{', '"', 'm', 'e', 's', 's', 'a', 'g', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        var r = api.http.request("POST", "/api/messages", HttpRequest.BodyPublishers.ofByteArray(body), "application/json",
                "Authorization", "Bearer " + key);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void severalBrokenRules_areAllReportedAtOnce_oneDetailPerField() {
        var r = api.post(key, "/api/messages", json(
                "message", "",
                "messageType", "fax",
                "leadId", "nope",
                "scheduledDate", "2030-01-01T10:00:00",
                "batchId", repeat("b", 200),
                "sendWindowStart", "09:00",
                "sendWindowEnd", "17:00"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(fields(r.json())).containsExactlyInAnyOrder(
                "message", "messageType", "leadId", "scheduledDate", "batchId", "timezone");
    }

    @Test
    void wronglyTypedFields_areAllReportedAtOnce() {
        var r = api.post(key, "/api/messages", json(
                "message", 1, "messageType", true, "leadId", List.of(), "batchId", Map.of(), "sendFallbackSmsOnFailed", "no"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(fields(r.json())).contains("message", "messageType", "leadId", "batchId", "sendFallbackSmsOnFailed");
    }

    @Test
    void unknownPlaceholder_isNamedInTheError() {
        var r = api.post(key, "/api/messages", toLead("message", "Hi {{firstName}}, your {{favoriteColor}} {{ shoeSize }}"));
        assertValidationError(r, "message");
        String text = r.json().at("/details/0/message").asText();
        assertThat(text).contains("favoriteColor").contains("shoeSize");
    }

    // ---- limits that are just allowed ------------------------------------------------------------------------------

    static Stream<Arguments> acceptedEdges() {
        DayOfWeek today = LocalDate.now(ZoneOffset.UTC).getDayOfWeek();
        return Stream.of(
                Arguments.of("sms of exactly 1600 code points", toLead("messageType", "sms", "message", repeat("a", 1600))),
                Arguments.of("imessage of 20000 emoji (40000 UTF-16 units)", toLead("message", repeat("\uD83D\uDE00", 20_000))),
                Arguments.of("email of 100000 code points", toLead("messageType", "email", "message", repeat("a", 100_000))),
                Arguments.of("sms of 1600 emoji", toLead("messageType", "sms", "message", repeat("\uD83D\uDE00", 1600))),
                Arguments.of("known placeholders", toLead("message",
                        "Hi {{firstName}} {{lastName}} ({{fullName}}) at {{companyName}}, {{jobTitle}}, {{email}} {{phone}} {{customFields.plan}}")),
                Arguments.of("placeholder with fallback", toLead("message", "Hey {{firstName|there}}")),
                Arguments.of("batchId of 128 characters", toLead("batchId", repeat("b", 128))),
                Arguments.of("email subject of 998 characters", toLead("messageType", "email", "subject", repeat("s", 998))),
                Arguments.of("explicit nulls count as absent", toLead("messageType", null, "fromLineId", null, "scheduledDate", null,
                        "timezone", null, "batchId", null, "subject", null, "allowedDaysOfWeek", null, "sendFallbackSmsOnFailed", null,
                        "recipientPhone", null, "altPhone1", null)),
                Arguments.of("day names and numbers mixed", toLead("timezone", "UTC", "allowedDaysOfWeek",
                        List.of("mon", "Tuesday", "WED", 4, 5, 6, 0))),
                Arguments.of("today's number only", toLead("timezone", "UTC", "allowedDaysOfWeek", List.of(today.getValue() % 7))),
                Arguments.of("timezone alone", toLead("timezone", "Europe/Berlin")),
                Arguments.of("scheduledDate with fractional seconds and offset",
                        toLead("scheduledDate", "2031-06-01T09:30:00.123456+05:30")),
                Arguments.of("scheduledDate at the very end of 9999 with a window pushing it into 10000",
                        toLead("scheduledDate", "9999-12-31T23:59:59Z", "timezone", "Pacific/Kiritimati",
                                "sendWindowStart", "09:00", "sendWindowEnd", "10:00", "allowedDaysOfWeek", List.of("mon"))),
                Arguments.of("scheduledDate at the epoch", toLead("scheduledDate", "1970-01-01T00:00:00Z")),
                Arguments.of("window crossing midnight", toLead("timezone", "Asia/Tokyo", "sendWindowStart", "22:00",
                        "sendWindowEnd", "06:00")),
                Arguments.of("unknown fields are ignored", toLead("somethingElse", Map.of("deep", List.of(1, 2, 3)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedEdges")
    void edgeOfARule_isAccepted(String name, String body) {
        var r = api.post(key, "/api/messages", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void messageLength_isCountedInCodePoints_andStoredVerbatim() {
        String text = repeat("\uD83D\uDE00", 1600);
        JsonNode sent = api.send(key, toLead("messageType", "sms", "message", text));
        assertThat(sent.at("/message/message").asText()).isEqualTo(text);
        assertThat(sent.at("/message/messageType").asText()).isEqualTo("sms");
    }

    @Test
    void scheduledDate_withAnOffset_isStoredAsThatInstantInUtc() {
        JsonNode sent = api.send(key, toLead("scheduledDate", "2031-06-01T09:30:00.123456+05:30"));
        assertThat(sent.at("/message/scheduledDate").asText()).isEqualTo("2031-06-01T04:00:00.123Z");
        assertThat(sent.at("/message/status").asText()).isEqualTo("scheduled");
    }

    // ---- refusals that need the database ---------------------------------------------------------------------------

    @Test
    void fromLineIdOfAnotherWorkspace_is404_andWritesNothing() {
        var other = api.workspace("US");
        String foreignLine = api.line(other.id(), "+13125559001", Channel.IMESSAGE);
        var before = api.counts();
        var r = api.post(key, "/api/messages", toLead("fromLineId", foreignLine));
        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(r.json().get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(api.counts()).isEqualTo(before);
    }

    @Test
    void unknownFromLineId_is404() {
        var r = api.post(key, "/api/messages", toLead("fromLineId", "0123456789abcdef01234567"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void unknownLeadId_is404_andWritesNothing() {
        var before = api.counts();
        var r = api.post(key, "/api/messages", json("message", "Hi", "leadId", "0123456789abcdef01234567"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(api.counts()).isEqualTo(before);
    }

    @Test
    void inactiveFromLine_is400NamingFromLineId_andWritesNothing() {
        var ws = api.workspace("US");
        String line = api.line(ws.id(), "+13125559002", Channel.IMESSAGE);
        api.exec("UPDATE lines SET is_active = false WHERE id = ?", line);
        var before = api.counts();
        var r = api.post(ws.adminKey(), "/api/messages", json("message", "Hi", "fromLineId", line, "recipientPhone", ApiFixture.freshPhone(),
                "recipientName", "New Person", "altEmail1", "new.person@example.com"));
        assertValidationError(r, "fromLineId");
        assertThat(api.counts()).isEqualTo(before);
    }

    @Test
    void aLineDeactivatedAfterUse_isRefusedAtOnceThroughThisNode_andWithinTheCacheTimeWhenChangedElsewhere() {
        var ws = api.workspace("US");
        String line = api.line(ws.id(), "+13125559012", Channel.IMESSAGE);
        java.util.function.Supplier<TestHttp.Response> send = () -> api.post(ws.adminKey(), "/api/messages",
                json("message", "Hi", "fromLineId", line, "recipientPhone", ApiFixture.freshPhone()));
        assertThat(send.get().status()).isEqualTo(201); // this node now holds the line for a moment

        // another node deactivates it (straight in the database): refused within TUCO_READ_CACHE_MILLIS (1 s)
        api.exec("UPDATE lines SET is_active = false WHERE id = ?", line);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> send.get().status() == 400);
        api.exec("UPDATE lines SET is_active = true WHERE id = ?", line);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> send.get().status() == 201);

        // deactivated through this node: refused by the very next request
        var patched = api.http.request("PATCH", "/api/lines/" + line, HttpRequest.BodyPublishers.ofString(json("isActive", false)),
                "application/json", "Authorization", "Bearer " + ws.adminKey());
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        var before = api.counts();
        assertValidationError(send.get(), "fromLineId");
        assertThat(api.counts()).isEqualTo(before);
    }

    @Test
    void aRawRecipientThatCannotTakeTheChannel_is400_evenWithALeadId() {
        var before = api.counts();
        assertValidationError(api.post(key, "/api/messages", toLead("messageType", "sms", "recipientEmail", "raw@example.com")),
                "recipientPhone");
        assertValidationError(api.post(key, "/api/messages", toLead("messageType", "email", "recipientPhone", "+13125550188")),
                "recipientEmail");
        assertThat(api.counts()).isEqualTo(before);
        // a fitting raw recipient with the lead is fine, and so is the lead alone
        assertThat(api.post(key, "/api/messages", toLead("messageType", "sms", "recipientPhone", "+13125550188")).status())
                .isEqualTo(201);
        assertThat(api.post(key, "/api/messages", toLead("messageType", "sms")).status()).isEqualTo(201);
    }

    @Test
    void fromLineThatCannotSendTheChannel_is400NamingFromLineId() {
        var r = api.post(key, "/api/messages", toLead("fromLineId", api.demo.smsLine().value()));
        assertValidationError(r, "fromLineId");
        var email = api.post(key, "/api/messages", toLead("messageType", "sms", "fromLineId", api.demo.emailLine().value()));
        assertValidationError(email, "fromLineId");
    }

    @Test
    void noActiveLineForTheChannel_is400NoActiveLines_andTheNewLeadIsNotKept() {
        var ws = api.workspace("US");
        api.line(ws.id(), "+13125559003", Channel.IMESSAGE);
        String inactiveSms = api.line(ws.id(), "+13125559004", Channel.SMS);
        api.exec("UPDATE lines SET is_active = false WHERE id = ?", inactiveSms);
        var before = api.counts();
        var r = api.post(ws.adminKey(), "/api/messages", json("message", "Hi", "messageType", "sms",
                "recipientPhone", ApiFixture.freshPhone(), "recipientName", "Nobody Here", "altPhone1", ApiFixture.freshPhone()));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("NO_ACTIVE_LINES");
        assertThat(r.json().get("success").asBoolean()).isFalse();
        assertThat(api.counts()).isEqualTo(before);
    }

    @Test
    void workspaceWithoutLines_is400NoActiveLines() {
        var ws = api.workspace("US");
        var r = api.post(ws.adminKey(), "/api/messages", json("message", "Hi", "recipientPhone", ApiFixture.freshPhone()));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("NO_ACTIVE_LINES");
        assertThat(api.count("SELECT count(*) FROM leads WHERE workspace_id = ?", ws.idValue())).isZero();
    }

    @Test
    void fallbackWithoutAnSmsLine_is400FallbackNotConfigured_andTheLeadIsNotTouched() {
        var ws = api.workspace("US");
        String line = api.line(ws.id(), "+13125559005", Channel.IMESSAGE);
        JsonNode first = api.send(ws.adminKey(), json("message", "Hi", "recipientPhone", ApiFixture.freshPhone()));
        String lead = first.get("leadId").asText();
        var before = api.counts();
        var r = api.post(ws.adminKey(), "/api/messages", json("message", "Hi again", "leadId", lead, "fromLineId", line,
                "sendFallbackSmsOnFailed", true, "altPhone1", ApiFixture.freshPhone(), "altEmail1", "alt@example.com"));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("FALLBACK_NOT_CONFIGURED");
        assertThat(api.counts()).isEqualTo(before);
        assertThat(api.count("SELECT cardinality(alt_phones) + cardinality(alt_emails) FROM leads WHERE id = ?", lead)).isZero();
    }

    @Test
    void fallbackWithAnActiveSmsLine_isAccepted_andShown() {
        JsonNode sent = api.send(key, toLead("sendFallbackSmsOnFailed", true));
        assertThat(sent.at("/message/sendFallbackSmsOnFailed").asBoolean()).isTrue();
        JsonNode plain = api.send(key, toLead());
        assertThat(plain.at("/message/sendFallbackSmsOnFailed").asBoolean()).isFalse();
    }

    @Test
    void leadWithoutAPhone_cannotBeSentAnSms_400NamingLeadId() {
        JsonNode emailOnly = api.send(key, json("message", "Hi", "messageType", "email", "recipientEmail", "only.email@example.com"));
        String lead = emailOnly.get("leadId").asText();
        assertThat(api.row("SELECT phone FROM leads WHERE id = ?", lead).get("phone")).isNull();
        var before = api.counts();
        var r = api.post(key, "/api/messages", json("message", "Hi", "messageType", "sms", "leadId", lead,
                "altEmail1", "saved.then.rolled.back@example.com"));
        assertValidationError(r, "leadId");
        assertThat(api.count("SELECT cardinality(alt_emails) FROM leads WHERE id = ?", lead)).isZero();
        assertThat(api.counts()).isEqualTo(before);
    }

    // ---- order of checks: 400 before 404 ---------------------------------------------------------------------------

    @Test
    void brokenRuleAndForeignFromLineId_isThe400() {
        var other = api.workspace("US");
        String foreignLine = api.line(other.id(), "+13125559006", Channel.IMESSAGE);
        var r = api.post(key, "/api/messages", json("message", "", "leadId", DEMO_LEAD, "fromLineId", foreignLine));
        assertValidationError(r, "message");
    }

    @Test
    void brokenRuleAndUnknownLeadId_isThe400() {
        var r = api.post(key, "/api/messages", json("message", "Hi", "leadId", "0123456789abcdef01234567", "batchId", ""));
        assertValidationError(r, "batchId");
    }

    @Test
    void fallbackNotConfiguredAndForeignFromLineId_isThe400() {
        var ws = api.workspace("US");
        api.line(ws.id(), "+13125559007", Channel.IMESSAGE);
        var other = api.workspace("US");
        String foreignLine = api.line(other.id(), "+13125559008", Channel.IMESSAGE);
        var r = api.post(ws.adminKey(), "/api/messages", json("message", "Hi", "recipientPhone", ApiFixture.freshPhone(),
                "fromLineId", foreignLine, "sendFallbackSmsOnFailed", true));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("FALLBACK_NOT_CONFIGURED");
    }

    @Test
    void noActiveLinesAndUnknownLeadId_isThe400() {
        var ws = api.workspace("US");
        var r = api.post(ws.adminKey(), "/api/messages", json("message", "Hi", "leadId", "0123456789abcdef01234567"));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("NO_ACTIVE_LINES");
    }

    @Test
    void pastScheduledDate_isAcceptedAsQueued() {
        String past = Instant.now().minus(3, ChronoUnit.DAYS).toString();
        JsonNode sent = api.send(key, toLead("scheduledDate", past));
        assertThat(sent.at("/message/status").asText()).isEqualTo("queued");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    static List<String> fields(JsonNode error) {
        List<String> fields = new ArrayList<>();
        error.get("details").forEach(d -> fields.add(d.get("field").asText()));
        return fields;
    }

    static void assertValidationError(TestHttp.Response r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        JsonNode body = r.json();
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("code").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(body.get("error").asText()).isNotBlank();
        assertThat(fields(body)).as(r.body()).contains(field);
        body.get("details").forEach(d -> assertThat(d.get("message").asText()).isNotBlank());
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
