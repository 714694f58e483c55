package ai.tuco.adapters.delivery.bluebubbles;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.provider.port.out.spi.Callbacks;
import ai.tuco.application.provider.port.out.spi.EventPoller;
import ai.tuco.application.provider.port.out.spi.HealthResult;
import ai.tuco.application.provider.port.out.spi.InboundReply;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.MessagingProvider.Availability;
import ai.tuco.application.provider.port.out.spi.Reconciliation;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import ai.tuco.application.provider.port.out.spi.SendRequest;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.LineCaps;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.shared.Channel;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BlueBubbles provider tables, run by the provider test kit against a local stub relay.
 *
 * <p>Every request and answer is derived from the relay's code, github.com/BlueBubblesApp/bluebubbles-server (master,
 * f2e22862), under packages/server/src/server/:
 * <ul>
 *   <li>api/http/api/v1/httpRoutes.ts — the routes: message/text, message/query, server/info,
 *       handle/availability/imessage (behind PrivateApiMiddleware), webhook GET/POST/DELETE :id</li>
 *   <li>api/http/api/v1/middleware/authMiddleware.ts — the {@code password} query parameter, 401 when wrong</li>
 *   <li>api/http/api/v1/responses/{errors,success,types}.ts — the envelope {@code {status, message, error: {type,
 *       message}, data}}; IMessageError is a 500 of type "iMessage Error"</li>
 *   <li>api/http/api/v1/routers/messageRouter.ts (sendText: {@code data} = the serialised message with {@code tempGuid};
 *       send failures as IMessageError; query: {@code where}/{@code after}/{@code sort}/{@code limit})</li>
 *   <li>api/http/api/v1/validators/messageValidator.ts — {@code method} apple-script | private-api; "Message is already
 *       queued to be sent!" for a tempGuid still in flight</li>
 *   <li>api/interfaces/generalInterface.ts — server info fields {@code os_version, private_api, helper_connected}</li>
 *   <li>api/serializers/MessageSerializer.ts — message fields; dates in epoch ms; {@code handle}, {@code attachments},
 *       {@code associatedMessageType} (tapbacks), {@code itemType}</li>
 *   <li>api/serializers/HandleSerializer.ts — {@code handle.address}: a reply's sender (the chat GUID names the chat)</li>
 *   <li>api/serializers/AttachmentSerializer.ts — attachment {@code guid}, {@code mimeType}, {@code transferName}</li>
 *   <li>api/http/api/v1/httpRoutes.ts — {@code GET /api/v1/attachment/:guid/download} behind AuthMiddleware (so a
 *       reply's attachment URL needs the password added by whoever fetches it; we never store it in the URL)</li>
 *   <li>api/http/api/v1/routers/messageRouter.ts query — {@code with: ["attachment"]} loads attachments</li>
 *   <li>api/http/api/v1/routers/handleRouter.ts — availability answers {@code data.available}</li>
 *   <li>api/http/api/v1/routers/webhookRouter.ts, databases/server/index.ts — webhook create/list/delete</li>
 *   <li>services/webhookService/index.ts, index.ts (emitMessageMatch, emitMessageError) — webhook posts {@code {type,
 *       data}}; "4: Message Timeout"</li>
 *   <li>databases/imessage/helpers/dateUtil.ts — chat.db dates: nanoseconds since 2001-01-01</li>
 * </ul>
 * macOS 26 {@code any;-;} chats: github.com/openclaw/openclaw/issues/83375, BlueBubblesApp/bluebubbles-helper pull 48,
 * BlueBubblesApp/bluebubbles-server issue 777 (AppleScript cannot take the {@code any} service).
 */
class BlueBubblesProviderTest {
    static final String PW = "sekrit-pass-123";
    static final String QPW = "password=" + PW;
    static final String MID = "0123456789abcdef01234567";
    static final String TO = "+15551234567";
    static final String TEXT = "Hello there";
    static final String TOKEN = "tok-3f9a8b7c6d5e";
    static final String LINE_ID = "aaaaaaaaaaaaaaaaaaaaaaaa";
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final String HOOK_URL = "https://tuco.example/hooks/bluebubbles/" + LINE_ID + "/events?token=" + TOKEN;

    // --- relay answers (shapes from generalInterface.ts, MessageSerializer.ts, responses/*.ts) ---

    static String serverInfo(String os, boolean privateApi, boolean helper) {
        return """
                {"status":200,"message":"Success","data":{"computer_id":"F1E2D3C4-mac","os_version":"%s",\
                "server_version":"1.9.9","private_api":%s,"proxy_service":"Cloudflare","helper_connected":%s,\
                "detected_icloud":"owner@icloud.com","detected_imessage":"owner@icloud.com","macos_time_sync":null,\
                "local_ipv4s":["192.168.1.20"],"local_ipv6s":[]}}""".formatted(os, privateApi, helper);
    }

    static final String INFO_PRIVATE = serverInfo("15.5", true, true);
    static final String INFO_HELPER_GONE = serverInfo("15.5", true, false);
    static final String INFO_APPLESCRIPT = serverInfo("14.6.1", false, false);
    static final String INFO_TAHOE = serverInfo("26.1", true, true);

    static String message(String guid, String tempGuid, boolean fromMe, int error, Long delivered, Long read) {
        return """
                {"originalROWID":4211,%s"guid":"%s","text":"%s","attributedBody":[],"handle":{"originalROWID":12,\
                "address":"%s","service":"iMessage","uncanonicalizedId":null,"country":"us"},"handleId":12,\
                "otherHandle":0,"attachments":[],"subject":null,"error":%d,"dateCreated":1796126340000,\
                "dateRead":%s,"dateDelivered":%s,"isDelivered":%s,"isFromMe":%s,"hasDdResults":false,\
                "isArchived":false,"itemType":0,"groupTitle":null,"groupActionType":0,"balloonBundleId":null,\
                "associatedMessageGuid":null,"associatedMessageType":null,"expressiveSendStyleId":null,\
                "threadOriginatorGuid":null,"hasPayloadData":false}""".formatted(
                tempGuid == null ? "" : "\"tempGuid\":\"" + tempGuid + "\",", guid, TEXT, TO, error, read, delivered,
                delivered != null, fromMe);
    }

    /**
     * A message someone else sent to the relay's Mac (a reply): {@code isFromMe} false, the sender in {@code handle}
     * (HandleSerializer.ts), the chat it came in only in {@code chats} (a group or {@code any;-;} GUID, never the sender),
     * attachments as AttachmentSerializer.ts serialises them for a webhook.
     */
    static String incoming(String guid, String address, String text, String attachments, String associatedType, int itemType) {
        return """
                {"originalROWID":4377,"guid":"%s","text":%s,"attributedBody":[],"handle":{"originalROWID":31,\
                "address":"%s","service":"iMessage","uncanonicalizedId":null,"country":"us"},"handleId":31,\
                "otherHandle":0,"attachments":[%s],"subject":null,"error":0,"dateCreated":%d,\
                "dateRead":null,"dateDelivered":null,"isDelivered":true,"isFromMe":false,"hasDdResults":false,\
                "isArchived":false,"itemType":%d,"groupTitle":null,"groupActionType":0,"balloonBundleId":null,\
                "associatedMessageGuid":%s,"associatedMessageType":%s,"expressiveSendStyleId":null,\
                "threadOriginatorGuid":null,"hasPayloadData":false,\
                "chats":[{"originalROWID":7,"guid":"any;+;chat493021","style":43,"chatIdentifier":"chat493021"}]}""".formatted(
                guid, text == null ? "null" : "\"" + text + "\"", address, attachments, REPLY_AT, itemType,
                associatedType == null ? "null" : "\"" + GUID + "\"", associatedType == null ? "null" : "\"" + associatedType + "\"");
    }

    static String attachment(String guid, String mimeType) {
        return """
                {"originalROWID":981,"guid":"%s","uti":"public.jpeg","mimeType":%s,"transferName":"IMG_0042.jpeg",\
                "totalBytes":183422,"transferState":5,"isOutgoing":false,"hideAttachment":false,"isSticker":false,\
                "originalGuid":"%s","hasLivePhoto":false}""".formatted(guid, mimeType == null ? "null" : "\"" + mimeType + "\"", guid);
    }

    static final String REPLY_GUID = "9A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9";
    static final long REPLY_AT = 1_796_126_400_000L;
    static final String LEAD = "+15557654321";

    static InboundReply reply(String guid, String from, String text, List<InboundReply.Attachment> attachments) {
        return new InboundReply(guid, from, text, attachments, Instant.ofEpochMilli(REPLY_AT), Optional.empty());
    }

    static final String GUID = "p:0/6C1D7E0A-8B2F-4C3D-9E4F-1A2B3C4D5E6F";
    static final long DELIVERED_AT = 1_796_126_370_000L;
    static final long READ_AT = 1_796_126_390_000L;
    static final String SENT = "{\"status\":200,\"message\":\"Message sent!\",\"data\":" + message(GUID, MID, true, 0, null, null) + "}";
    static final String UNAUTHORIZED = """
            {"status":401,"message":"You are not authorized to access this resource",\
            "error":{"type":"Authentication Error","message":"Unauthorized"}}""";
    static final String UNHANDLED = """
            {"status":500,"message":"An unhandled error has occurred!",\
            "error":{"type":"Server Error","message":"SQLITE_BUSY: database is locked"}}""";

    static String iMessageError(String message, String error, String data) {
        return "{\"status\":500,\"message\":\"" + message + "\",\"error\":{\"type\":\"iMessage Error\",\"message\":\"" + error + "\"}"
                + (data == null ? "" : ",\"data\":" + data) + "}";
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse ok(String body) {
        return json(200, body);
    }

    // --- the line and the message ---

    static LineContext line(String serverUrl, String token) {
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        Line line = new Line(new LineId(LINE_ID), new WorkspaceId("bbbbbbbbbbbbbbbbbbbbbbbb"), "Mac relay", Optional.empty(),
                Optional.empty(), "", "", true, Set.of(Channel.IMESSAGE, Channel.SMS), new Provider("bluebubbles"), Optional.empty(), 0,
                LineCaps.DEFAULTS, t, t);
        return new LineContext(line, Map.of("serverUrl", serverUrl, "password", PW),
                URI.create("https://tuco.example/hooks/bluebubbles/" + LINE_ID), token);
    }

    static SendRequest request(String serverUrl, Channel channel) {
        return new SendRequest(new MessageId(MID), line(serverUrl, TOKEN), channel, TO, Optional.empty(), TEXT, 1);
    }

    static Function<URI, SendRequest> to(Channel channel) {
        return base -> request(base.toString(), channel);
    }

    /** A local port nothing listens on: connecting is refused before anything is written. */
    static String closedServer() {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static BlueBubblesProvider provider() {
        OkHttpClient client = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2))
                .retryOnConnectionFailure(false).build();
        return new BlueBubblesProvider(client, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static ExpectedRequest info() {
        return ExpectedRequest.get("/api/v1/server/info?" + QPW);
    }

    static ExpectedRequest text(String chatGuid, String method) {
        return ExpectedRequest.post("/api/v1/message/text?" + QPW).header("Content-Type", "application/json; charset=utf-8")
                .body("{\"chatGuid\":\"" + chatGuid + "\",\"message\":\"" + TEXT + "\",\"tempGuid\":\"" + MID + "\",\"method\":\"" + method + "\"}");
    }

    static OutgoingCase send(String name, List<MockResponse> answers, List<ExpectedRequest> expected, Consumer<SendOutcome> outcome) {
        return new OutgoingCase(name, to(Channel.IMESSAGE), answers, expected, outcome);
    }

    // --- outgoing: send ---

    static Stream<OutgoingCase> sends() {
        ExpectedRequest imsgPrivate = text("iMessage;-;" + TO, "private-api");
        return Stream.of(
                send("private API ready: private-api send, data.guid is the external id", List.of(ok(INFO_PRIVATE), ok(SENT)),
                        List.of(info(), imsgPrivate), Outcomes.accepted(GUID)),
                new OutgoingCase("sms channel: SMS;-; chat", to(Channel.SMS), List.of(ok(INFO_PRIVATE), ok(SENT)),
                        List.of(info(), text("SMS;-;" + TO, "private-api")), Outcomes.accepted(GUID)),
                send("no Private API: apple-script send", List.of(ok(INFO_APPLESCRIPT), ok(SENT)),
                        List.of(info(), text("iMessage;-;" + TO, "apple-script")), Outcomes.accepted(GUID)),
                send("Private API enabled but helper not connected: apple-script", List.of(ok(INFO_HELPER_GONE), ok(SENT)),
                        List.of(info(), text("iMessage;-;" + TO, "apple-script")), Outcomes.accepted(GUID)),
                send("macOS 26 with the Private API: any;-; chat", List.of(ok(INFO_TAHOE), ok(SENT)),
                        List.of(info(), text("any;-;" + TO, "private-api")), Outcomes.accepted(GUID)),
                send("macOS 26 without the Private API: AppleScript keeps iMessage;-;", List.of(ok(serverInfo("26.1", false, false)), ok(SENT)),
                        List.of(info(), text("iMessage;-;" + TO, "apple-script")), Outcomes.accepted(GUID)),
                send("401 on server info: credentials rejected, nothing sent", List.of(json(401, UNAUTHORIZED)),
                        List.of(info()), Outcomes.credentialsRejected()),
                send("401 on send: credentials rejected", List.of(ok(INFO_PRIVATE), json(401, UNAUTHORIZED)),
                        List.of(info(), imsgPrivate), Outcomes.credentialsRejected()),
                send("500 unhandled server error: retryable", List.of(ok(INFO_PRIVATE), json(500, UNHANDLED)),
                        List.of(info(), imsgPrivate), Outcomes.rejected(BlueBubblesProvider.RELAY_ERROR, true)),
                send("502 from a proxy, not JSON: retryable", List.of(ok(INFO_PRIVATE), new MockResponse.Builder().code(502).body("Bad Gateway").build()),
                        List.of(info(), imsgPrivate), Outcomes.rejected(BlueBubblesProvider.RELAY_ERROR, true)),
                send("429 with Retry-After: retryable after it", List.of(ok(INFO_PRIVATE),
                                new MockResponse.Builder().code(429).setHeader("Retry-After", "30").body("slow down").build()),
                        List.of(info(), imsgPrivate), Outcomes.is(new SendOutcome.Rejected(BlueBubblesProvider.RATE_LIMITED,
                                "the relay asked to slow down", true, Optional.of(Duration.ofSeconds(30)), false))),
                send("connection refused: retryable, nothing sent", List.of(), List.of(),
                        Outcomes.rejected(BlueBubblesProvider.UNREACHABLE, true)),
                send("read timeout after the send was written: unknown", List.of(ok(INFO_PRIVATE),
                                new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build()),
                        List.of(info(), imsgPrivate), Outcomes.unknown()),
                send("garbage body on 200: unknown", List.of(ok(INFO_PRIVATE), ok("<html>It works</html>")),
                        List.of(info(), imsgPrivate), Outcomes.unknown()),
                send("200 without data.guid: unknown", List.of(ok(INFO_PRIVATE), ok("{\"status\":200,\"message\":\"Message sent!\",\"data\":{}}")),
                        List.of(info(), imsgPrivate), Outcomes.unknown()),
                send("message with error code 22: permanent send failure", List.of(ok(INFO_PRIVATE), json(500, iMessageError(
                                "Message Send Error", "Failed to send message! See attached message error code.", message(GUID, null, true, 22, null, null)))),
                        List.of(info(), imsgPrivate), Outcomes.rejected(BlueBubblesProvider.SEND_FAILED, false)),
                send("AppleScript error: permanent, short sanitised text", List.of(ok(INFO_APPLESCRIPT), json(500, iMessageError(
                                "Message Send Error", "Can't get buddy id \\\"+15551234567\\\" (see http://relay.local/x?password=" + PW + ")", null))),
                        List.of(info(), text("iMessage;-;" + TO, "apple-script")), outcome -> {
                            Outcomes.rejected(BlueBubblesProvider.SEND_FAILED, false).accept(outcome);
                            assertThat(((SendOutcome.Rejected) outcome).message()).contains("Can't get buddy").doesNotContain("http://");
                        }),
                send("relay's wait for the sent message ran out: unknown", List.of(ok(INFO_APPLESCRIPT), json(500, iMessageError(
                                "Message Send Error", "Failed to send message! See attached message error code.", null))),
                        List.of(info(), text("iMessage;-;" + TO, "apple-script")), Outcomes.unknown()),
                send("Private API helper went away: retryable", List.of(ok(INFO_PRIVATE), json(500, iMessageError(
                                "Message Send Error", "iMessage Private API Helper is not connected!", null))),
                        List.of(info(), imsgPrivate), Outcomes.rejected(BlueBubblesProvider.PRIVATE_API_UNAVAILABLE, true)),
                send("tempGuid still in flight: unknown, not a failure", List.of(ok(INFO_PRIVATE), json(400, """
                                {"status":400,"message":"You've made a bad request! Please check your request params & body",\
                                "error":{"type":"Validation Error","message":"Message is already queued to be sent! (Temp GUID: %s)"}}""".formatted(MID))),
                        List.of(info(), imsgPrivate), Outcomes.unknown()),
                send("400 validation error: permanent", List.of(ok(INFO_PRIVATE), json(400, """
                                {"status":400,"message":"You've made a bad request! Please check your request params & body",\
                                "error":{"type":"Validation Error","message":"The chatGuid field is required."}}""")),
                        List.of(info(), imsgPrivate), Outcomes.rejected(BlueBubblesProvider.REJECTED, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sends")
    void outgoing(OutgoingCase c) throws Exception {
        if (c.name().startsWith("connection refused")) {
            String closed = closedServer();
            c = new OutgoingCase(c.name(), base -> request(closed, Channel.IMESSAGE), c.answers(), c.expectedRequests(), c.outcome());
        }
        SendOutcome outcome = ProviderTestKit.runOutgoing(provider(), c);
        assertThat(String.valueOf(outcome)).doesNotContain("password=").doesNotContain("/api/v1");
    }

    // --- outgoing: the provider's other calls ---

    record CallRow(String name, OutgoingCase c, ProviderTestKit.Call<Object> call, Consumer<Object> check) {
        @Override
        public String toString() {
            return name;
        }
    }

    static CallRow row(String name, List<MockResponse> answers, List<ExpectedRequest> expected, ProviderTestKit.Call<Object> call,
            Consumer<Object> check) {
        return new CallRow(name, new OutgoingCase(name, to(Channel.IMESSAGE), answers, expected, o -> {}), call, check);
    }

    static Consumer<Object> equalTo(Object expected) {
        return actual -> assertThat(actual).isEqualTo(expected);
    }

    static final ProviderTestKit.Call<Object> RECONCILE = (p, r) -> p.reconcile(r);
    static final ProviderTestKit.Call<Object> AVAILABILITY = (p, r) -> p.iMessageAvailability(r.line(), r.to());
    static final ProviderTestKit.Call<Object> HEALTH = (p, r) -> p.checkHealth(r.line());

    static ExpectedRequest reconcileQuery() {
        return ExpectedRequest.post("/api/v1/message/query?" + QPW).body("""
                {"where":[{"statement":"message.is_from_me = :bbFromMe","args":{"bbFromMe":1}},\
                {"statement":"handle.id = :bbAddress","args":{"bbAddress":"+15551234567"}}],\
                "after":1796040000000,"sort":"DESC","limit":100}""");
    }

    static String queryAnswer(String... messages) {
        return "{\"status\":200,\"message\":\"Successfully fetched messages!\",\"data\":[" + String.join(",", messages)
                + "],\"metadata\":{\"offset\":0,\"limit\":100,\"total\":" + messages.length + ",\"count\":" + messages.length + "}}";
    }

    static ExpectedRequest pollQuery(long appleNanos) {
        return ExpectedRequest.post("/api/v1/message/query?" + QPW).body("""
                {"with":["attachment"],"where":[{"statement":"((message.is_from_me = 1 AND (message.date_delivered >= :bbSince \
                OR message.date_read >= :bbSince OR (message.error != 0 AND message.date >= :bbSince))) \
                OR (message.is_from_me = 0 AND message.date >= :bbSince))",\
                "args":{"bbSince":%d}}],"sort":"ASC","offset":0,"limit":500}""".formatted(appleNanos));
    }

    static String webhookList(String... hooks) {
        return "{\"status\":200,\"message\":\"Successfully fetched webhooks!\",\"data\":[" + String.join(",", hooks) + "]}";
    }

    static String hook(int id, String url) {
        return "{\"id\":" + id + ",\"url\":\"" + url + "\",\"events\":[\"new-message\",\"updated-message\",\"message-send-error\"],"
                + "\"created\":\"2026-11-01T00:00:00.000Z\"}";
    }

    static final String REGISTER_BODY = "{\"url\":\"" + HOOK_URL + "\",\"events\":[\"new-message\",\"updated-message\",\"message-send-error\"]}";

    static StatusUpdate delivered(Optional<MessageId> id, String guid, long at) {
        return new StatusUpdate(id, Optional.of(guid), StatusUpdate.Kind.DELIVERED, Optional.empty(), Optional.empty(),
                Optional.of(Instant.ofEpochMilli(at)));
    }

    static StatusUpdate read(Optional<MessageId> id, String guid, long at) {
        return new StatusUpdate(id, Optional.of(guid), StatusUpdate.Kind.READ, Optional.empty(), Optional.empty(),
                Optional.of(Instant.ofEpochMilli(at)));
    }

    static StatusUpdate failed(Optional<MessageId> id, String guid, String code, String text) {
        return new StatusUpdate(id, Optional.of(guid), StatusUpdate.Kind.FAILED, Optional.of(code), Optional.of(text),
                Optional.of(Instant.ofEpochMilli(1_796_126_340_000L)));
    }

    static Stream<CallRow> calls() {
        String other = message("p:0/OTHER", null, true, 0, DELIVERED_AT, null).replace(TEXT, "See you tomorrow");
        return Stream.of(
                row("reconcile: found by handle and text, with its last status", List.of(ok(queryAnswer(other,
                                message(GUID, null, true, 0, DELIVERED_AT, null)))), List.of(reconcileQuery()), RECONCILE,
                        equalTo(new Reconciliation.Found(GUID, Optional.of(delivered(Optional.empty(), GUID, DELIVERED_AT))))),
                row("reconcile: not found", List.of(ok(queryAnswer(other))), List.of(reconcileQuery()), RECONCILE,
                        equalTo(new Reconciliation.NotFound())),
                row("reconcile: cannot tell when the relay fails", List.of(json(500, UNHANDLED)), List.of(reconcileQuery()), RECONCILE,
                        actual -> assertThat(actual).isInstanceOf(Reconciliation.CannotTell.class)),
                row("reconcile: cannot tell when a message has no readable text", List.of(ok(queryAnswer(
                                message("p:0/NOTEXT", null, true, 0, null, null).replace("\"text\":\"" + TEXT + "\"", "\"text\":null")))),
                        List.of(reconcileQuery()), RECONCILE, actual -> assertThat(actual).isInstanceOf(Reconciliation.CannotTell.class)),
                row("reconcile: cannot tell on garbage", List.of(ok("not json")), List.of(reconcileQuery()), RECONCILE,
                        actual -> assertThat(actual).isInstanceOf(Reconciliation.CannotTell.class)),
                row("availability: yes", List.of(ok(INFO_PRIVATE), ok("{\"status\":200,\"message\":\"Success\",\"data\":{\"available\":true}}")),
                        List.of(info(), ExpectedRequest.get("/api/v1/handle/availability/imessage?address=%2B15551234567&" + QPW)),
                        AVAILABILITY, equalTo(Availability.AVAILABLE)),
                row("availability: no", List.of(ok(INFO_PRIVATE), ok("{\"status\":200,\"message\":\"Success\",\"data\":{\"available\":false}}")),
                        List.of(info(), ExpectedRequest.get("/api/v1/handle/availability/imessage?address=%2B15551234567&" + QPW)),
                        AVAILABILITY, equalTo(Availability.UNAVAILABLE)),
                row("availability: unchecked without the Private API (no availability call)", List.of(ok(INFO_APPLESCRIPT)),
                        List.of(info()), AVAILABILITY, equalTo(Availability.UNCHECKED)),
                row("availability: unchecked when the relay fails", List.of(ok(INFO_PRIVATE), json(500, iMessageError(
                                "Please make sure you have completed the setup for the Private API, and your helper is connected!",
                                "iMessage Private API Helper is not connected!", null))),
                        List.of(info(), ExpectedRequest.get("/api/v1/handle/availability/imessage?address=%2B15551234567&" + QPW)),
                        AVAILABILITY, equalTo(Availability.UNCHECKED)),
                row("health: healthy", List.of(ok(INFO_PRIVATE)), List.of(info()), HEALTH, equalTo(HealthResult.ok())),
                row("health: password refused", List.of(json(401, UNAUTHORIZED)), List.of(info()), HEALTH,
                        equalTo(HealthResult.unhealthy("password refused"))),
                row("health: relay error", List.of(json(500, UNHANDLED)), List.of(info()), HEALTH,
                        equalTo(HealthResult.unhealthy("relay answered HTTP 500"))),
                row("server info is asked once for two sends in a minute", List.of(ok(INFO_PRIVATE), ok(SENT), ok(SENT)),
                        List.of(info(), text("iMessage;-;" + TO, "private-api"), text("iMessage;-;" + TO, "private-api")),
                        (p, r) -> List.of(p.send(r), p.send(r)), equalTo(List.of(new SendOutcome.Accepted(GUID), new SendOutcome.Accepted(GUID)))),
                row("poll: updates since the cursor, next cursor the last event", List.of(ok(queryAnswer(
                                message(GUID, null, true, 0, DELIVERED_AT, READ_AT), message("p:0/FAILED", null, true, 22, null, null)))),
                        List.of(pollQuery(817_815_600_000_000_000L)),
                        (p, r) -> p.poller().orElseThrow().poll(Optional.of(r.line()), Optional.of("1796122800000")),
                        equalTo(new EventPoller.Polled(List.of(delivered(Optional.empty(), GUID, DELIVERED_AT), read(Optional.empty(), GUID, READ_AT),
                                failed(Optional.empty(), "p:0/FAILED", "22", "the relay reported send error 22")),
                                Optional.of(Long.toString(READ_AT))))),
                row("poll: a reply found by the catch-up poll (the relay's webhook was missed), cursor its time", List.of(ok(queryAnswer(
                                message(GUID, null, true, 0, DELIVERED_AT, null), incoming(REPLY_GUID, LEAD, "Sounds good", "", null, 0)))),
                        List.of(pollQuery(817_815_600_000_000_000L)),
                        (p, r) -> p.poller().orElseThrow().poll(Optional.of(r.line()), Optional.of("1796122800000")),
                        equalTo(new EventPoller.Polled(List.of(delivered(Optional.empty(), GUID, DELIVERED_AT)),
                                List.of(reply(REPLY_GUID, LEAD, "Sounds good", List.of())), Optional.of(Long.toString(REPLY_AT))))),
                row("poll: first time looks back an hour and keeps that as the cursor", List.of(ok(queryAnswer())),
                        List.of(pollQuery(817_815_600_000_000_000L)),
                        (p, r) -> p.poller().orElseThrow().poll(Optional.of(r.line()), Optional.empty()),
                        equalTo(new EventPoller.Polled(List.of(), Optional.of("1796122800000")))),
                row("poll: a refused password fails the poll without showing it", List.of(json(401, UNAUTHORIZED)),
                        List.of(pollQuery(817_815_600_000_000_000L)),
                        (p, r) -> thrown(() -> p.poller().orElseThrow().poll(Optional.of(r.line()), Optional.of("1796122800000"))),
                        actual -> assertThat((String) actual).contains("HTTP 401").doesNotContain(PW)),
                row("line configured: registers the line's webhook", List.of(ok("{\"status\":200,\"message\":\"Successfully created webhook!\","
                                + "\"data\":" + hook(3, HOOK_URL) + "}")),
                        List.of(ExpectedRequest.post("/api/v1/webhook?" + QPW).body(REGISTER_BODY)),
                        (p, r) -> {
                            p.lineConfigured(r.line(), Optional.empty());
                            return "done";
                        }, equalTo("done")),
                row("line configured with a new URL: registers it, deletes the old one", List.of(
                                ok("{\"status\":200,\"message\":\"Successfully created webhook!\",\"data\":" + hook(3, HOOK_URL) + "}"),
                                ok(webhookList(hook(2, HOOK_URL.replace(TOKEN, "old-token")), hook(3, HOOK_URL), hook(7, "https://elsewhere.example/x"))),
                                ok("{\"status\":200,\"message\":\"Successfully deleted webhook!\"}")),
                        List.of(ExpectedRequest.post("/api/v1/webhook?" + QPW).body(REGISTER_BODY), ExpectedRequest.get("/api/v1/webhook?" + QPW),
                                ExpectedRequest.delete("/api/v1/webhook/2?" + QPW)),
                        (p, r) -> {
                            p.lineConfigured(r.line(), Optional.of(line(r.line().require("serverUrl"), "old-token")));
                            return "done";
                        }, equalTo("done")),
                row("line configured, same URL: no removal", List.of(ok("{\"status\":200,\"message\":\"Successfully created webhook!\","
                                + "\"data\":" + hook(3, HOOK_URL) + "}")),
                        List.of(ExpectedRequest.post("/api/v1/webhook?" + QPW).body(REGISTER_BODY)),
                        (p, r) -> {
                            p.lineConfigured(r.line(), Optional.of(r.line()));
                            return "done";
                        }, equalTo("done")),
                row("line configured, password refused: fails without the password or the hook URL", List.of(json(401, UNAUTHORIZED)),
                        List.of(ExpectedRequest.post("/api/v1/webhook?" + QPW).body(REGISTER_BODY)),
                        (p, r) -> thrown(() -> {
                            p.lineConfigured(r.line(), Optional.empty());
                            return null;
                        }), actual -> assertThat((String) actual).contains("password").doesNotContain(PW).doesNotContain(TOKEN)),
                row("line removed: deletes its webhook", List.of(ok(webhookList(hook(3, HOOK_URL))),
                                ok("{\"status\":200,\"message\":\"Successfully deleted webhook!\"}")),
                        List.of(ExpectedRequest.get("/api/v1/webhook?" + QPW), ExpectedRequest.delete("/api/v1/webhook/3?" + QPW)),
                        (p, r) -> {
                            p.lineRemoved(r.line());
                            return "done";
                        }, equalTo("done")));
    }

    interface Throwing {
        Object run() throws Exception;
    }

    /** The message of what {@code call} throws (the row then checks it shows no secret). */
    static String thrown(Throwing call) {
        try {
            call.run();
            return "nothing thrown";
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void providerCalls(CallRow row) throws Exception {
        ProviderTestKit.runCall(provider(), row.c(), row.call(), row.check());
    }

    @Test
    void healthOfAnUnreachableRelay() throws Exception {
        assertThat(provider().checkHealth(line(closedServer(), TOKEN))).isEqualTo(HealthResult.unhealthy("relay unreachable"));
    }

    // --- callbacks ---

    static final LineContext LINE = line("http://192.168.1.20:1234", TOKEN);

    static Function<LineContext, Callbacks.Inbound> post(Optional<String> token, String body) {
        return line -> new Callbacks.Inbound("POST",
                URI.create("https://tuco.example/hooks/bluebubbles/" + LINE_ID + "/events" + token.map(t -> "?token=" + t).orElse("")),
                "events", token.map(t -> Map.of("token", List.of(t))).orElse(Map.of()),
                Map.of("content-type", List.of("application/json")), Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    static String event(String type, String data) {
        return "{\"type\":\"" + type + "\",\"data\":" + data + "}";
    }

    static CallbackCase callback(String name, Optional<String> token, String body, int status, List<StatusUpdate> updates) {
        return new CallbackCase(name, LINE, post(token, body), status, updates);
    }

    static CallbackCase reply(String name, Optional<String> token, String body, List<InboundReply> replies) {
        return reply(name, token, body, 200, replies);
    }

    static CallbackCase reply(String name, Optional<String> token, String body, int status, List<InboundReply> replies) {
        return new CallbackCase(name, LINE, post(token, body), status, List.of(), replies);
    }

    static final Optional<String> GOOD = Optional.of(TOKEN);
    static final Optional<MessageId> OURS = Optional.of(new MessageId(MID));
    static final String DELIVERED_EVENT = event("updated-message", message(GUID, null, true, 0, DELIVERED_AT, null));

    static Stream<CallbackCase> callbackCases() {
        return Stream.of(
                callback("delivered", GOOD, DELIVERED_EVENT, 200, List.of(delivered(Optional.empty(), GUID, DELIVERED_AT))),
                callback("duplicate delivered yields the same update", GOOD, DELIVERED_EVENT, 200,
                        List.of(delivered(Optional.empty(), GUID, DELIVERED_AT))),
                callback("read (delivered and read)", GOOD, event("updated-message", message(GUID, null, true, 0, DELIVERED_AT, READ_AT)), 200,
                        List.of(delivered(Optional.empty(), GUID, DELIVERED_AT), read(Optional.empty(), GUID, READ_AT))),
                callback("failed: error code on an update", GOOD, event("updated-message", message(GUID, null, true, 22, null, null)), 200,
                        List.of(failed(Optional.empty(), GUID, "22", "the relay reported send error 22"))),
                callback("message-send-error with our tempGuid", GOOD, event("message-send-error", message(GUID, MID, true, 4, null, null)), 200,
                        List.of(failed(OURS, GUID, "4", "the relay timed out sending the message"))),
                callback("delivered with our tempGuid names our message", GOOD,
                        event("new-message", message(GUID, MID, true, 0, DELIVERED_AT, null)), 200, List.of(delivered(OURS, GUID, DELIVERED_AT))),
                callback("our new message not yet delivered: nothing", GOOD, event("new-message", message(GUID, MID, true, 0, null, null)), 200, List.of()),
                callback("not from me (a reply): no status update", GOOD, event("updated-message", message(GUID, null, false, 0, DELIVERED_AT, null)), 200, List.of()),
                reply("a reply: new-message not from me, sender from handle.address", GOOD,
                        event("new-message", incoming(REPLY_GUID, LEAD, "Yes, Tuesday works", "", null, 0)),
                        List.of(reply(REPLY_GUID, LEAD, "Yes, Tuesday works", List.of()))),
                reply("a reply in a group (any;+;) chat: the sender is the handle, never the chat GUID", GOOD,
                        event("new-message", incoming(REPLY_GUID, "lead@icloud.com", "STOP", "", null, 0)),
                        List.of(reply(REPLY_GUID, "lead@icloud.com", "STOP", List.of()))),
                reply("a reply with attachments: download URLs on the relay, without the password", GOOD,
                        event("new-message", incoming(REPLY_GUID, LEAD, null,
                                attachment("at_0_C0FFEE12-3456", "image/jpeg") + "," + attachment("at_1_BEEF", null), null, 0)),
                        List.of(reply(REPLY_GUID, LEAD, "", List.of(
                                new InboundReply.Attachment("http://192.168.1.20:1234/api/v1/attachment/at_0_C0FFEE12-3456/download", "image/jpeg"),
                                new InboundReply.Attachment("http://192.168.1.20:1234/api/v1/attachment/at_1_BEEF/download", null))))),
                reply("the same reply posted twice decodes to the same reply (stored once by the use case)", GOOD,
                        event("new-message", incoming(REPLY_GUID, LEAD, "Yes, Tuesday works", "", null, 0)),
                        List.of(reply(REPLY_GUID, LEAD, "Yes, Tuesday works", List.of()))),
                reply("a reply's later update (read, edited): no second reply", GOOD,
                        event("updated-message", incoming(REPLY_GUID, LEAD, "Yes, Tuesday works", "", null, 0)), List.of()),
                reply("a tapback on our message: not a reply", GOOD,
                        event("new-message", incoming(REPLY_GUID, LEAD, "Loved \u201cHello there\u201d", "", "love", 0)), List.of()),
                reply("a group event (itemType 1): not a reply", GOOD,
                        event("new-message", incoming(REPLY_GUID, LEAD, null, "", null, 1)), List.of()),
                reply("a reply without a handle: nothing to match, ignored", GOOD,
                        event("new-message", incoming(REPLY_GUID, LEAD, "hi", "", null, 0).replaceFirst("\"handle\":\\{[^}]*},", "\"handle\":null,")),
                        List.of()),
                reply("a forged reply (wrong token): 401, no reply", Optional.of("tok-guess"),
                        event("new-message", incoming(REPLY_GUID, LEAD, "STOP", "", null, 0)), 401, List.of()),
                callback("unknown event type: ignored", GOOD, event("typing-indicator", "{\"display\":true,\"guid\":\"iMessage;-;+15551234567\"}"), 200, List.of()),
                callback("wrong token: 401", Optional.of("tok-guess"), DELIVERED_EVENT, 401, List.of()),
                callback("missing token: 401", Optional.empty(), DELIVERED_EVENT, 401, List.of()),
                callback("wrong token and garbage: 401", Optional.of("x"), "{{{", 401, List.of()),
                callback("garbage JSON: 400", GOOD, "{\"type\":\"updated-message\",", 400, List.of()),
                callback("JSON but not an object: 400", GOOD, "[1,2]", 400, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callbackCases")
    void callbacks(CallbackCase c) {
        ProviderTestKit.runCallback(provider(), c);
    }

    @Test
    void theSameCallbackTwiceDecodesToTheSameUpdates() {
        MessagingProvider p = provider();
        CallbackCase c = callbackCases().findFirst().orElseThrow();
        assertThat(ProviderTestKit.runCallback(p, c).updates()).isEqualTo(ProviderTestKit.runCallback(p, c).updates());
    }

    @Test
    void anotherPathIsNotFound() {
        Callbacks.Inbound other = new Callbacks.Inbound("POST", URI.create("https://tuco.example/x"), "status",
                Map.of("token", List.of(TOKEN)), Map.of(), Map.of(), DELIVERED_EVENT.getBytes(StandardCharsets.UTF_8));
        assertThat(provider().callbacks().orElseThrow().decode(LINE, other).answer().status()).isEqualTo(404);
    }

    @Test
    void declaresItsNameChannelsAndFields() {
        MessagingProvider p = provider();
        assertThat(p.name()).isEqualTo("bluebubbles");
        assertThat(p.channels()).containsExactlyInAnyOrder(Channel.IMESSAGE, Channel.SMS);
        assertThat(p.configFields()).extracting(f -> f.name() + ":" + f.required() + ":" + f.secret())
                .containsExactly("serverUrl:true:false", "password:true:true");
        assertThat(p.poller().orElseThrow().scope()).isEqualTo(EventPoller.Scope.PER_LINE);
        assertThat(p.poller().orElseThrow().interval()).isEqualTo(Duration.ofSeconds(60));
    }
}
