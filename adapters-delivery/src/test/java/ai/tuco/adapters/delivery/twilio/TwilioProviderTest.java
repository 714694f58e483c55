package ai.tuco.adapters.delivery.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.provider.port.out.spi.Callbacks;
import ai.tuco.application.provider.port.out.spi.ConfigField;
import ai.tuco.application.provider.port.out.spi.HealthResult;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.Reconciliation;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import ai.tuco.application.provider.port.out.spi.SendRequest;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.LineCaps;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.providers.testkit.CallbackCase;
import ai.tuco.providers.testkit.ExpectedRequest;
import ai.tuco.providers.testkit.OutgoingCase;
import ai.tuco.providers.testkit.Outcomes;
import ai.tuco.providers.testkit.ProviderTestKit;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Twilio provider's tables (send, reconcile, health, callbacks), run by the provider test kit against a local stub. Fixtures come from:
 * <ul>
 *   <li>Message resource (create answer, list page, properties and statuses):
 *       https://www.twilio.com/docs/messaging/api/message-resource and twilio/twilio-python
 *       {@code twilio/rest/api/v2010/account/message/__init__.py} ({@code MessageInstance}: no status-callback property;
 *       the {@code DateSent} filter "{@code >=YYYY-MM-DD}"); twilio/twilio-java {@code MessageReader} /
 *       {@code IRequest.addQueryDateRange} (the parameter is named {@code DateSent>} and URL-encoded).</li>
 *   <li>Error body {@code {code, message, more_info, status}}: https://www.twilio.com/docs/usage/twilios-response and
 *       twilio/twilio-java {@code com.twilio.exception.RestException}; codes from https://www.twilio.com/docs/api/errors
 *       (20003, 20429, 21211, 21408, 21610, 21614, 30003, 30007).</li>
 *   <li>Account resource ({@code status}: active, suspended, closed): https://www.twilio.com/docs/iam/api/account and
 *       twilio-python {@code twilio/rest/api/v2010/account/__init__.py}.</li>
 *   <li>Status callbacks (form {@code SmsSid, SmsStatus, MessageStatus, To, MessageSid, AccountSid, From, ApiVersion},
 *       {@code ErrorCode} on failure): https://www.twilio.com/docs/messaging/guides/track-outbound-message-status and
 *       https://www.twilio.com/docs/messaging/guides/outbound-message-status-in-status-callbacks. Their signatures were
 *       computed with twilio-python's own {@code twilio/request_validator.py} ({@code compute_signature}), not with
 *       the code under test (which {@link TwilioSignatureTest} checks against the published vectors).</li>
 * </ul>
 */
class TwilioProviderTest {
    static final String SID = "AC0123456789abcdef0123456789abcdef";
    static final String TOKEN = "9f3c1e0d2b4a69788a7b6c5d4e3f2a1b";
    static final String MG = "MG0123456789abcdef0123456789abcdef";
    static final String SM = "SM1f2e3d4c5b6a79881f2e3d4c5b6a7988";
    static final String LINE_ID = "64b7f0c2a1d3e4f5a6b7c8d9";
    /** Created 2026-12-01T10:00:00Z: its first 8 hex digits are 0x6b0e9aa0 seconds. */
    static final MessageId MESSAGE = new MessageId("6b0e9aa01a2b3c4d5e6f7a8b");
    static final String FROM = "+15005550006";
    static final String TO = "+15558675310";
    static final String TEXT = "Hi Ana, it's Sam from Tuco.";
    static final String CALLBACK_BASE = "https://tuco.example.com/hooks/twilio/" + LINE_ID;
    static final String STATUS_URL = CALLBACK_BASE + "/status?m=" + MESSAGE.value();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:05:00Z"), ZoneOffset.UTC);
    static final OkHttpClient CLIENT = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(2))
            .readTimeout(Duration.ofSeconds(1)).writeTimeout(Duration.ofSeconds(2)).build();
    static final TwilioProvider PROVIDER = new TwilioProvider(CLIENT, CLOCK);

    static final String MESSAGES = "/2010-04-01/Accounts/" + SID + "/Messages.json";
    static final String AUTHORIZATION = "Basic " + Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));

    // ---------------------------------------------------------------- fixtures

    static LineContext line(String baseUrl, boolean withPhone, Map<String, String> extra) {
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        Line line = new Line(new LineId(LINE_ID), new WorkspaceId("aaaaaaaaaaaaaaaaaaaaaaaa"), "Sam's Twilio line",
                withPhone ? Optional.of(new E164Phone(FROM)) : Optional.empty(), Optional.empty(), "Sam", "Lee", true,
                Set.of(Channel.SMS), new Provider("twilio"), Optional.empty(), 0, LineCaps.DEFAULTS, t, t);
        Map<String, String> config = new HashMap<>(Map.of("accountSid", SID, "authToken", TOKEN, "baseUrl", baseUrl));
        config.putAll(extra);
        return new LineContext(line, config, URI.create(CALLBACK_BASE), "callback-token-unused-by-twilio");
    }

    static SendRequest send(URI base) {
        return send(base, Map.of(), TEXT);
    }

    static SendRequest send(URI base, Map<String, String> extra, String text) {
        return new SendRequest(MESSAGE, line(base.toString(), true, extra), Channel.SMS, TO, Optional.empty(), text, 1);
    }

    /** A Message resource as Twilio's create and list answers show it. */
    static String message(String sid, String to, String from, String body, String status, String dateCreated, String service) {
        return """
                {"account_sid": "%s", "api_version": "2010-04-01", "body": "%s",
                 "date_created": "%s", "date_sent": %s, "date_updated": "%s",
                 "direction": "outbound-api", "error_code": %s, "error_message": null, "from": %s,
                 "messaging_service_sid": %s, "num_media": "0", "num_segments": "1", "price": null, "price_unit": "USD",
                 "sid": "%s", "status": "%s",
                 "subresource_uris": {"media": "/2010-04-01/Accounts/%s/Messages/%s/Media.json"},
                 "to": "%s", "uri": "/2010-04-01/Accounts/%s/Messages/%s.json"}
                """.formatted(SID, body, dateCreated,
                Set.of("queued", "accepted").contains(status) ? "null" : "\"" + dateCreated + "\"", dateCreated,
                "undelivered".equals(status) ? "30003" : "null", from == null ? "null" : "\"" + from + "\"",
                service == null ? "null" : "\"" + service + "\"", sid, status, SID, sid, to, SID, sid);
    }

    static String created(String status) {
        return message(SM, TO, FROM, TEXT, status, "Tue, 01 Dec 2026 10:05:00 +0000", null);
    }

    static String error(int code, String message, int status) {
        return """
                {"code": %d, "message": "%s", "more_info": "https://www.twilio.com/docs/errors/%d", "status": %d}
                """.formatted(code, message, code, status);
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json; charset=utf-8").body(body).build();
    }

    static ExpectedRequest post(Map<String, String> form) {
        return ExpectedRequest.post(MESSAGES).header("Authorization", AUTHORIZATION).form(form);
    }

    static Map<String, String> formFrom(String text) {
        return Map.of("To", TO, "From", FROM, "Body", text, "StatusCallback", STATUS_URL);
    }

    static URI closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- outgoing

    static Stream<OutgoingCase> outgoing() {
        String utf8 = "Olá Ana 👋 — ça va? 你好 & 100% + more";
        String invalidTo = "The 'To' number +15558675310 is not a valid phone number.";
        String optedOut = "Attempt to send to unsubscribed recipient";
        return Stream.of(
                new OutgoingCase("send from the line's phone, 201", TwilioProviderTest::send,
                        List.of(json(201, created("queued"))), List.of(post(formFrom(TEXT))), Outcomes.accepted(SM)),
                new OutgoingCase("send through a Messaging Service", base -> send(base, Map.of("messagingServiceSid", MG), TEXT),
                        List.of(json(201, message(SM, TO, null, TEXT, "accepted", "Tue, 01 Dec 2026 10:05:00 +0000", MG))),
                        List.of(post(Map.of("To", TO, "MessagingServiceSid", MG, "Body", TEXT, "StatusCallback", STATUS_URL))),
                        Outcomes.accepted(SM)),
                new OutgoingCase("UTF-8 body", base -> send(base, Map.of(), utf8),
                        List.of(json(201, created("queued"))), List.of(post(formFrom(utf8))), Outcomes.accepted(SM)),
                new OutgoingCase("400 21211 invalid To", TwilioProviderTest::send,
                        List.of(json(400, error(21211, invalidTo, 400))), List.of(post(formFrom(TEXT))),
                        Outcomes.is(SendOutcome.Rejected.permanent("TWILIO_21211", invalidTo))),
                new OutgoingCase("400 21408 region not enabled", TwilioProviderTest::send,
                        List.of(json(400, error(21408, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +15558675310", 400))),
                        List.of(post(formFrom(TEXT))), Outcomes.rejected("TWILIO_21408", false)),
                new OutgoingCase("400 21614 not a mobile number", TwilioProviderTest::send,
                        List.of(json(400, error(21614, "'To' number is not a valid mobile number", 400))),
                        List.of(post(formFrom(TEXT))), Outcomes.rejected("TWILIO_21614", false)),
                new OutgoingCase("400 21610 recipient opted out", TwilioProviderTest::send,
                        List.of(json(400, error(21610, optedOut, 400))), List.of(post(formFrom(TEXT))),
                        Outcomes.is(SendOutcome.Rejected.optedOut("TWILIO_21610", optedOut))),
                new OutgoingCase("401 20003 credentials", TwilioProviderTest::send,
                        List.of(json(401, error(20003, "Authenticate", 401))), List.of(post(formFrom(TEXT))),
                        credentials("TWILIO_20003")),
                new OutgoingCase("403 without a body", TwilioProviderTest::send,
                        List.of(new MockResponse.Builder().code(403).build()), List.of(post(formFrom(TEXT))),
                        credentials("TWILIO_HTTP_403")),
                new OutgoingCase("429 with Retry-After", TwilioProviderTest::send,
                        List.of(new MockResponse.Builder().code(429).setHeader("Retry-After", "7")
                                .setHeader("Content-Type", "application/json").body(error(20429, "Too Many Requests", 429)).build()),
                        List.of(post(formFrom(TEXT))),
                        Outcomes.is(SendOutcome.Rejected.retryable("TWILIO_20429", "Too Many Requests", Optional.of(Duration.ofSeconds(7))))),
                new OutgoingCase("429 with a Retry-After date", TwilioProviderTest::send,
                        List.of(new MockResponse.Builder().code(429).setHeader("Retry-After", "Tue, 01 Dec 2026 10:06:30 GMT").build()),
                        List.of(post(formFrom(TEXT))),
                        Outcomes.is(SendOutcome.Rejected.retryable("TWILIO_HTTP_429", "Twilio refused the message (HTTP 429)",
                                Optional.of(Duration.ofSeconds(90))))),
                new OutgoingCase("500", TwilioProviderTest::send,
                        List.of(json(500, error(20500, "Internal Server Error", 500))), List.of(post(formFrom(TEXT))),
                        Outcomes.rejected("TWILIO_20500", true)),
                new OutgoingCase("503 with an HTML page", TwilioProviderTest::send,
                        List.of(new MockResponse.Builder().code(503).setHeader("Content-Type", "text/html")
                                .body("<html><body>Service Unavailable</body></html>").build()),
                        List.of(post(formFrom(TEXT))), Outcomes.rejected("TWILIO_HTTP_503", true)),
                new OutgoingCase("400 that is not JSON", TwilioProviderTest::send,
                        List.of(new MockResponse.Builder().code(400).body("Bad Request").build()), List.of(post(formFrom(TEXT))),
                        Outcomes.rejected("TWILIO_HTTP_400", false)),
                new OutgoingCase("connection refused: nothing sent, retry", base -> send(closedPort()), List.of(), List.of(),
                        Outcomes.rejected("TWILIO_UNREACHABLE", true)),
                new OutgoingCase("read timeout after the request: unknown", TwilioProviderTest::send,
                        List.of(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build()),
                        List.of(post(formFrom(TEXT))), Outcomes.unknown()),
                new OutgoingCase("connection cut after the request: unknown, never silently repeated", TwilioProviderTest::send,
                        List.of(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build(), json(201, created("queued"))),
                        List.of(post(formFrom(TEXT))), Outcomes.unknown()),
                new OutgoingCase("201 with a garbage body: unknown", TwilioProviderTest::send,
                        List.of(new MockResponse.Builder().code(201).body("<html>oops").build()), List.of(post(formFrom(TEXT))),
                        Outcomes.unknown()),
                new OutgoingCase("200 JSON without a sid: unknown", TwilioProviderTest::send,
                        List.of(json(200, "{\"status\": \"queued\"}")), List.of(post(formFrom(TEXT))), Outcomes.unknown()),
                new OutgoingCase("an error text echoing the token is scrubbed", TwilioProviderTest::send,
                        List.of(json(400, error(21211, "bad request for " + TOKEN, 400))), List.of(post(formFrom(TEXT))),
                        Outcomes.is(SendOutcome.Rejected.permanent("TWILIO_21211", "bad request for [secret]"))),
                new OutgoingCase("no phone and no Messaging Service: nothing sent", base -> new SendRequest(MESSAGE,
                        line(base.toString(), false, Map.of()), Channel.SMS, TO, Optional.empty(), TEXT, 1), List.of(), List.of(),
                        Outcomes.rejected("TWILIO_NO_SENDER", false)),
                new OutgoingCase("an email message: nothing sent", base -> new SendRequest(MESSAGE, line(base.toString(), true, Map.of()),
                        Channel.EMAIL, "ana@example.com", Optional.empty(), TEXT, 1), List.of(), List.of(),
                        Outcomes.rejected("TWILIO_CHANNEL_NOT_SUPPORTED", false)));
    }

    static Consumer<SendOutcome> credentials(String code) {
        return outcome -> {
            assertThat(outcome).isInstanceOf(SendOutcome.CredentialsRejected.class);
            assertThat(((SendOutcome.CredentialsRejected) outcome).code()).isEqualTo(code);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outgoing")
    void outgoingTable(OutgoingCase c) throws Exception {
        ProviderTestKit.runOutgoing(PROVIDER, c);
    }

    /**
     * OkHttp repeats a request whose pooled connection broke, POSTs included, unless told not to: Twilio would then
     * create the message twice. A kept-alive connection that breaks after our POST went out must answer Unknown
     * (reconciled before any resend), after exactly one request.
     */
    @Test
    void reusedConnectionBreaksAfterThePost_send_isUnknownAndNotRepeated() throws Exception {
        try (MockWebServer stub = new MockWebServer()) {
            stub.enqueue(json(201, created("queued")));
            stub.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
            stub.enqueue(json(201, created("queued")));
            stub.start();
            TwilioProvider provider = new TwilioProvider(CLIENT.newBuilder().build(), CLOCK);
            assertThat(provider.send(send(base(stub)))).isEqualTo(new SendOutcome.Accepted(SM));
            assertThat(provider.send(send(base(stub)))).isInstanceOf(SendOutcome.Unknown.class);
            assertThat(stub.getRequestCount()).isEqualTo(2);
        }
    }

    // ---------------------------------------------------------------- reconcile and health (same stub, kit's request checks)

    record LookupCase(String name, Map<String, String> extra, List<MockResponse> answers, List<String> targets,
            Reconciliation expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String BY_DAY = MESSAGES + "?To=%2B15558675310&From=%2B15005550006&DateSent%3E=2026-12-01&PageSize=50";
    static final String RECENT = MESSAGES + "?To=%2B15558675310&From=%2B15005550006&PageSize=50";

    static String page(String nextPageUri, String... messages) {
        return """
                {"end": %d, "first_page_uri": "%s", "next_page_uri": %s, "page": 0, "page_size": 50,
                 "previous_page_uri": null, "messages": [%s], "start": 0, "uri": "%s"}
                """.formatted(Math.max(0, messages.length - 1), BY_DAY, nextPageUri == null ? "null" : "\"" + nextPageUri + "\"",
                String.join(",", messages), BY_DAY);
    }

    static Stream<LookupCase> lookups() {
        String mine = message(SM, TO, FROM, TEXT, "delivered", "Tue, 01 Dec 2026 10:00:03 +0000", null);
        String other = message("SM99999999999999999999999999999999", TO, FROM, "another text", "delivered",
                "Tue, 01 Dec 2026 10:00:03 +0000", null);
        String earlier = message("SM88888888888888888888888888888888", TO, FROM, TEXT, "delivered",
                "Mon, 30 Nov 2026 09:00:00 +0000", null);
        String next = MESSAGES + "?To=%2B15558675310&From=%2B15005550006&DateSent%3E=2026-12-01&PageSize=50&Page=1&PageToken=PASM99";
        StatusUpdate delivered = new StatusUpdate(Optional.of(MESSAGE), Optional.of(SM), StatusUpdate.Kind.DELIVERED,
                Optional.empty(), Optional.empty(), Optional.empty());
        return Stream.of(
                new LookupCase("found by To, From, Body since its day", Map.of(), List.of(json(200, page(null, other, mine))),
                        List.of(BY_DAY), new Reconciliation.Found(SM, Optional.of(delivered))),
                new LookupCase("found on the next page", Map.of(),
                        List.of(json(200, page(next, other)), json(200, page(null, mine))), List.of(BY_DAY, next),
                        new Reconciliation.Found(SM, Optional.of(delivered))),
                new LookupCase("found through the Messaging Service (no From filter)", Map.of("messagingServiceSid", MG),
                        List.of(json(200, page(null, message(SM, TO, "+15005550007", TEXT, "sent",
                                "Tue, 01 Dec 2026 10:00:03 +0000", MG)))),
                        List.of(MESSAGES + "?To=%2B15558675310&DateSent%3E=2026-12-01&PageSize=50"),
                        new Reconciliation.Found(SM, Optional.of(new StatusUpdate(Optional.of(MESSAGE), Optional.of(SM),
                                StatusUpdate.Kind.SENT, Optional.empty(), Optional.empty(), Optional.empty())))),
                new LookupCase("found still queued (no date_sent yet)", Map.of(),
                        List.of(json(200, page(null)), json(200, page(null, other,
                                message(SM, TO, FROM, TEXT, "queued", "Tue, 01 Dec 2026 10:00:03 +0000", null)))),
                        List.of(BY_DAY, RECENT), new Reconciliation.Found(SM, Optional.empty())),
                new LookupCase("undelivered carries its error", Map.of(), List.of(json(200, page(null,
                                message(SM, TO, FROM, TEXT, "undelivered", "Tue, 01 Dec 2026 10:00:03 +0000", null)))),
                        List.of(BY_DAY), new Reconciliation.Found(SM, Optional.of(new StatusUpdate(Optional.of(MESSAGE),
                                Optional.of(SM), StatusUpdate.Kind.FAILED, Optional.of("TWILIO_30003"),
                                Optional.of("Twilio reported the message undelivered"), Optional.empty())))),
                new LookupCase("not found: other texts and an older identical one", Map.of(),
                        List.of(json(200, page(null, other)), json(200, page(null, other, earlier))), List.of(BY_DAY, RECENT),
                        new Reconciliation.NotFound()),
                new LookupCase("error: 500", Map.of(), List.of(json(500, error(20500, "Internal Server Error", 500))),
                        List.of(BY_DAY), new Reconciliation.CannotTell("Twilio answered HTTP 500 to the message lookup")),
                new LookupCase("error: 401", Map.of(), List.of(json(401, error(20003, "Authenticate", 401))),
                        List.of(BY_DAY), new Reconciliation.CannotTell("Twilio answered HTTP 401 to the message lookup")),
                new LookupCase("error: garbage", Map.of(), List.of(json(200, "[1,2")), List.of(BY_DAY),
                        new Reconciliation.CannotTell("Twilio's message list could not be read")),
                new LookupCase("error: the second lookup fails", Map.of(),
                        List.of(json(200, page(null)), json(503, "")), List.of(BY_DAY, RECENT),
                        new Reconciliation.CannotTell("Twilio answered HTTP 503 to the message lookup")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookups")
    void reconcileTable(LookupCase c) throws Exception {
        List<ExpectedRequest> expected = c.targets().stream()
                .map(t -> ExpectedRequest.get(t).header("Authorization", AUTHORIZATION)).toList();
        OutgoingCase run = new OutgoingCase(c.name(), base -> send(base, c.extra(), TEXT), c.answers(), expected, outcome -> {});
        ProviderTestKit.runCall(PROVIDER, run, MessagingProvider::reconcile, r -> assertThat(r).as(c.name()).isEqualTo(c.expected()));
    }

    @Test
    void unreachableTwilio_reconcile_cannotTell() {
        assertThat(PROVIDER.reconcile(send(closedPort()))).isInstanceOf(Reconciliation.CannotTell.class);
    }

    static URI base(MockWebServer stub) {
        return URI.create(stub.url("/").toString().replaceAll("/$", ""));
    }

    static String account(String status) {
        return """
                {"auth_token": "%s", "date_created": "Sun, 01 Nov 2026 00:00:00 +0000",
                 "date_updated": "Sun, 01 Nov 2026 00:00:00 +0000", "friendly_name": "Tuco", "owner_account_sid": "%s",
                 "sid": "%s", "status": "%s", "subresource_uris": {}, "type": "Full", "uri": "/2010-04-01/Accounts/%s.json"}
                """.formatted(TOKEN, SID, SID, status, SID);
    }

    record HealthCase(String name, MockResponse answer, HealthResult expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<HealthCase> health() {
        return Stream.of(
                new HealthCase("active", json(200, account("active")), HealthResult.ok()),
                new HealthCase("suspended", json(200, account("suspended")), HealthResult.unhealthy("the Twilio account is suspended")),
                new HealthCase("closed", json(200, account("closed")), HealthResult.unhealthy("the Twilio account is closed")),
                new HealthCase("401", json(401, error(20003, "Authenticate", 401)),
                        HealthResult.unhealthy("Twilio: credentials refused (HTTP 401)")),
                new HealthCase("500", json(500, error(20500, "Internal Server Error", 500)), HealthResult.unhealthy("Twilio answered HTTP 500")),
                new HealthCase("garbage", json(200, "<html>"), HealthResult.unhealthy("Twilio's account answer has no status")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("health")
    void healthTable(HealthCase c) throws Exception {
        OutgoingCase run = new OutgoingCase(c.name(), TwilioProviderTest::send, List.of(c.answer()),
                List.of(ExpectedRequest.get("/2010-04-01/Accounts/" + SID + ".json").header("Authorization", AUTHORIZATION)),
                outcome -> {});
        ProviderTestKit.runCall(PROVIDER, run, (p, request) -> p.checkHealth(request.line()),
                r -> assertThat(r).as(c.name()).isEqualTo(c.expected()));
    }

    @Test
    void unreachableTwilio_checkHealth_unhealthy() {
        assertThat(PROVIDER.checkHealth(line(closedPort().toString(), true, Map.of())).healthy()).isFalse();
    }

    // ---------------------------------------------------------------- callbacks

    static Map<String, List<String>> statusForm(String status, String... extra) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("SmsSid", List.of(SM));
        form.put("SmsStatus", List.of(status));
        form.put("MessageStatus", List.of(status));
        form.put("To", List.of("+15558675310"));
        form.put("MessageSid", List.of(SM));
        form.put("AccountSid", List.of(SID));
        form.put("From", List.of(FROM));
        form.put("ApiVersion", List.of("2010-04-01"));
        for (int i = 0; i < extra.length; i += 2) {
            form.put(extra[i], List.of(extra[i + 1]));
        }
        return form;
    }

    static Callbacks.Inbound inbound(String url, Map<String, List<String>> form, String signature) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("content-type", List.of("application/x-www-form-urlencoded"));
        if (signature != null) {
            headers.put("x-twilio-signature", List.of(signature));
        }
        URI uri = URI.create(url);
        Map<String, List<String>> query = new HashMap<>();
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                String[] nv = pair.split("=", 2);
                query.computeIfAbsent(nv[0], k -> new ArrayList<>()).add(nv.length > 1 ? nv[1] : "");
            }
        }
        String path = uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
        return new Callbacks.Inbound("POST", uri, path, query, headers, form, new byte[0]);
    }

    static CallbackCase callback(String name, String url, Map<String, List<String>> form, String signature, int status,
            StatusUpdate... updates) {
        return new CallbackCase(name, line("https://api.twilio.com", true, Map.of()), l -> inbound(url, form, signature), status,
                List.of(updates));
    }

    static StatusUpdate update(StatusUpdate.Kind kind) {
        return new StatusUpdate(Optional.of(MESSAGE), Optional.of(SM), kind, Optional.empty(), Optional.empty(), Optional.empty());
    }

    static Stream<CallbackCase> callbacks() {
        String withPort443 = "https://tuco.example.com:443/hooks/twilio/" + LINE_ID + "/status?m=" + MESSAGE.value();
        String withPort8443 = "https://tuco.example.com:8443/hooks/twilio/" + LINE_ID + "/status?m=" + MESSAGE.value();
        Map<String, List<String>> delivered = statusForm("delivered", "RawDlrDoneDate", "2612011000");
        Map<String, List<String>> forged = new LinkedHashMap<>(delivered);
        forged.put("MessageStatus", List.of("failed"));
        return Stream.of(
                callback("sent", STATUS_URL, statusForm("sent"), "SpoXxwBNDml5QBdYSp3Biv1q8eU=", 200, update(StatusUpdate.Kind.SENT)),
                callback("delivered", STATUS_URL, delivered, "gCT8pq+fVbIKPCq9ZiqwtqKm40o=", 200, update(StatusUpdate.Kind.DELIVERED)),
                callback("duplicate delivered: decodes to the same update (applying it twice is idempotent upstream)", STATUS_URL,
                        delivered, "gCT8pq+fVbIKPCq9ZiqwtqKm40o=", 200, update(StatusUpdate.Kind.DELIVERED)),
                callback("undelivered 30003", STATUS_URL, statusForm("undelivered", "ErrorCode", "30003"),
                        "fw9Q5Q3rUOAnXhY6ZibOhsxUakI=", 200, StatusUpdate.failed(Optional.of(MESSAGE), Optional.of(SM),
                                "TWILIO_30003", "Twilio reported the message undelivered (error 30003)")),
                callback("failed 30007 with its message", STATUS_URL,
                        statusForm("failed", "ErrorCode", "30007", "ErrorMessage", "Message filtered"), "94CBO2JBcFQ20/ylkPjNEvHMCgU=",
                        200, StatusUpdate.failed(Optional.of(MESSAGE), Optional.of(SM), "TWILIO_30007", "Message filtered")),
                callback("read", STATUS_URL, statusForm("read"), "E6LVD2UG83iBTNVEd/Dn+hU/bNA=", 200, update(StatusUpdate.Kind.READ)),
                callback("queued is ignored", STATUS_URL, statusForm("queued"), "VrM3q8UJI1JHcWOJTWF3Sh/PKPI=", 200),
                callback("bad signature", STATUS_URL, delivered, "gCT8pq+fVbIKPCq9ZiqwtqKm40o" + "A", 403),
                callback("a signed body changed (delivered turned failed)", STATUS_URL, forged, "gCT8pq+fVbIKPCq9ZiqwtqKm40o=", 403),
                callback("signed for another message id", STATUS_URL.replace("7a8b", "7a8c"), delivered,
                        "gCT8pq+fVbIKPCq9ZiqwtqKm40o=", 403),
                callback("missing signature", STATUS_URL, delivered, null, 403),
                callback("Twilio signed with :443, our public URL has no port", STATUS_URL, statusForm("delivered"),
                        "P0Xs3XHvoR+XJ2+U+QrTPvCAcAc=", 200, update(StatusUpdate.Kind.DELIVERED)),
                callback("public URL with port 8443, signed with it", withPort8443, statusForm("delivered"),
                        "HaXsQLo+TLYbTfxtVt3pYVXJva0=", 200, update(StatusUpdate.Kind.DELIVERED)),
                callback("public URL with port 443, signed without it", withPort443, delivered, "gCT8pq+fVbIKPCq9ZiqwtqKm40o=", 200,
                        update(StatusUpdate.Kind.DELIVERED)),
                callback("a status callback's signature on the inbound path (signed for another URL)",
                        CALLBACK_BASE + "/inbound?m=" + MESSAGE.value(), delivered, "gCT8pq+fVbIKPCq9ZiqwtqKm40o=", 403),
                callback("another path", CALLBACK_BASE + "/replies?m=" + MESSAGE.value(), delivered, "gCT8pq+fVbIKPCq9ZiqwtqKm40o=", 404));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callbacks")
    void callbackTable(CallbackCase c) {
        ProviderTestKit.runCallback(PROVIDER, c);
    }

    @Test
    void anotherLinesToken_decode_refuses() {
        LineContext other = new LineContext(line("https://api.twilio.com", true, Map.of()).line(),
                Map.of("accountSid", SID, "authToken", "0000000000000000ffffffffffffffff"), URI.create(CALLBACK_BASE), "t");
        Callbacks.Decoded d = PROVIDER.callbacks().orElseThrow()
                .decode(other, inbound(STATUS_URL, statusForm("sent"), "SpoXxwBNDml5QBdYSp3Biv1q8eU="));
        assertThat(d.answer().status()).isEqualTo(403);
        assertThat(d.updates()).isEmpty();
    }

    // ---------------------------------------------------------------- declaration

    @Test
    void declaration_namesTheFieldsAndTheirRules() {
        assertThat(PROVIDER.name()).isEqualTo("twilio");
        assertThat(PROVIDER.channels()).containsExactly(Channel.SMS);
        Map<String, ConfigField> fields = new LinkedHashMap<>();
        PROVIDER.configFields().forEach(f -> fields.put(f.name(), f));
        assertThat(fields).containsOnlyKeys("accountSid", "authToken", "baseUrl", "messagingServiceSid");
        assertThat(fields.get("accountSid").required()).isTrue();
        assertThat(fields.get("accountSid").pattern().orElseThrow().matcher(SID).matches()).isTrue();
        assertThat(fields.get("accountSid").pattern().orElseThrow().matcher("AC123").matches()).isFalse();
        assertThat(fields.get("accountSid").expected()).contains("AC followed by 32 hex characters");
        assertThat(fields.get("messagingServiceSid").expected()).contains("MG followed by 32 hex characters");
        assertThat(fields.get("authToken").secret()).isTrue();
        assertThat(fields.get("authToken").required()).isTrue();
        assertThat(fields.get("baseUrl").type()).isEqualTo(ConfigField.Type.URL);
        assertThat(fields.get("baseUrl").defaultValue()).contains("https://api.twilio.com");
        assertThat(fields.get("messagingServiceSid").required()).isFalse();
        assertThat(fields.get("messagingServiceSid").pattern().orElseThrow().matcher(MG).matches()).isTrue();
        assertThat(fields.get("messagingServiceSid").pattern().orElseThrow().matcher(SID).matches()).isFalse();
        assertThat(PROVIDER.callbacks()).isPresent();
    }
}
