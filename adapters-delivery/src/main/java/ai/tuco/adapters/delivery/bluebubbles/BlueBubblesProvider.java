package ai.tuco.adapters.delivery.bluebubbles;

import ai.tuco.application.provider.port.out.spi.Callbacks;
import ai.tuco.application.provider.port.out.spi.ConfigField;
import ai.tuco.application.provider.port.out.spi.EventPoller;
import ai.tuco.application.provider.port.out.spi.HealthResult;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.Reconciliation;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import ai.tuco.application.provider.port.out.spi.SendRequest;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import ai.tuco.domain.shared.Channel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * iMessage and SMS through a BlueBubbles relay (github.com/BlueBubblesApp/bluebubbles-server) on the operator's Mac:
 * {@code POST /api/v1/message/text} with our message id as {@code tempGuid}, the Private API when the relay has it
 * ready, status from the relay's webhooks plus a catch-up poll, reconciliation through {@code /api/v1/message/query}.
 * The line's {@code password} goes only into the {@code password} query parameter; no text we produce holds it or a
 * request URL. See docs/adr/0018-bluebubbles-provider.md for the choices.
 */
public final class BlueBubblesProvider implements MessagingProvider {
    public static final String NAME = "bluebubbles";
    public static final String PASSWORD_REFUSED = "BLUEBUBBLES_PASSWORD_REFUSED";
    public static final String UNREACHABLE = "BLUEBUBBLES_UNREACHABLE";
    public static final String RATE_LIMITED = "BLUEBUBBLES_RATE_LIMITED";
    public static final String RELAY_ERROR = "BLUEBUBBLES_RELAY_ERROR";
    public static final String PRIVATE_API_UNAVAILABLE = "BLUEBUBBLES_PRIVATE_API_UNAVAILABLE";
    public static final String SEND_FAILED = "BLUEBUBBLES_SEND_FAILED";
    public static final String REJECTED = "BLUEBUBBLES_REJECTED";

    /** How long a line's server info (Private API ready? macOS version) is trusted before asking again. */
    static final Duration SERVER_INFO_TTL = Duration.ofSeconds(60);
    /** How far back reconciliation looks for a message we may have sent. */
    static final Duration RECONCILE_WINDOW = Duration.ofHours(24);
    static final int RECONCILE_LIMIT = 100;
    static final List<String> WEBHOOK_EVENTS = List.of("new-message", "updated-message", "message-send-error");

    private final RelayClient client;
    private final Clock clock;
    private final ServerInfos serverInfos;
    private final BlueBubblesCallbacks callbacks;
    private final BlueBubblesPoller poller;

    /**
     * @param client the HTTP client (production: the SSRF-guarded one); its read timeout must outlast the relay's own
     *               wait for a sent message to appear (up to 60 s with the Private API, 2 min with AppleScript)
     * @param clock  for the server-info cache, reconciliation's window and the first poll's window
     */
    public BlueBubblesProvider(OkHttpClient client, Clock clock) {
        ObjectMapper mapper = new ObjectMapper();
        this.client = new RelayClient(client, mapper);
        this.clock = clock;
        this.serverInfos = new ServerInfos(this.client, clock, SERVER_INFO_TTL);
        this.callbacks = new BlueBubblesCallbacks(mapper);
        this.poller = new BlueBubblesPoller(this.client, clock);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.of(Channel.IMESSAGE, Channel.SMS);
    }

    @Override
    public List<ConfigField> configFields() {
        return List.of(
                ConfigField.required("serverUrl", ConfigField.Type.URL, "The relay's address, e.g. http://192.168.1.20:1234"),
                ConfigField.secret("password", true, "The relay's server password"));
    }

    @Override
    public SendOutcome send(SendRequest r) {
        LineContext line = r.line();
        if (r.channel() == Channel.EMAIL) {
            return SendOutcome.Rejected.permanent(REJECTED, "BlueBubbles carries iMessage and SMS only");
        }
        ServerInfo info;
        try {
            info = serverInfos.get(line, false);
        } catch (ServerInfos.Unavailable u) {
            return u.outcome();
        }
        String method = info.privateApiReady() ? "private-api" : "apple-script";
        ObjectNode body = client.mapper().createObjectNode();
        body.put("chatGuid", chatGuid(r.channel(), r.to(), info, method));
        body.put("message", r.text());
        body.put("tempGuid", r.messageId().value());
        body.put("method", method);
        RelayClient.Reply reply;
        try {
            reply = client.post(line.require("serverUrl"), line.require("password"), "api/v1/message/text", body);
        } catch (RelayClient.NotSent e) {
            return SendOutcome.Rejected.retryable(UNREACHABLE, "the relay could not be reached", Optional.empty());
        } catch (IOException e) {
            return new SendOutcome.Unknown("the relay did not answer after the message was sent");
        }
        if (reply.ok()) {
            Optional<String> guid = reply.data().flatMap(MessageUpdates::guid);
            return guid.<SendOutcome>map(SendOutcome.Accepted::new)
                    .orElseGet(() -> new SendOutcome.Unknown("the relay's answer to the send could not be read"));
        }
        return SendRefusals.of(reply, line, () -> serverInfos.forget(line));
    }

    /**
     * {@code iMessage;-;<address>} or {@code SMS;-;<address>}; on macOS 26 (Tahoe) Messages keeps one-to-one chats as
     * {@code any;-;<address>} and the Private API helper looks chats up by that GUID, so a Private API send there uses
     * it. AppleScript cannot take the {@code any} service (bluebubbles-server issue #777), so it keeps the service's.
     */
    static String chatGuid(Channel channel, String address, ServerInfo info, String method) {
        String service = channel == Channel.SMS ? "SMS" : "iMessage";
        String prefix = method.equals("private-api") && info.anyChats() ? "any" : service;
        return prefix + ";-;" + address;
    }

    @Override
    public Reconciliation reconcile(SendRequest r) {
        LineContext line = r.line();
        ObjectNode body = client.mapper().createObjectNode();
        var where = body.putArray("where");
        where.addObject().put("statement", "message.is_from_me = :bbFromMe").putObject("args").put("bbFromMe", 1);
        where.addObject().put("statement", "handle.id = :bbAddress").putObject("args").put("bbAddress", r.to());
        body.put("after", clock.instant().minus(RECONCILE_WINDOW).toEpochMilli());
        body.put("sort", "DESC");
        body.put("limit", RECONCILE_LIMIT);
        RelayClient.Reply reply;
        try {
            reply = client.post(line.require("serverUrl"), line.require("password"), "api/v1/message/query", body);
        } catch (IOException e) {
            return new Reconciliation.CannotTell("the relay could not be asked whether it sent the message");
        }
        Optional<JsonNode> data = reply.ok() ? reply.data().filter(JsonNode::isArray) : Optional.empty();
        if (data.isEmpty()) {
            return new Reconciliation.CannotTell(reply.ok() ? "the relay's answer could not be read"
                    : "the relay answered the lookup with HTTP " + reply.status());
        }
        boolean unreadable = false;
        for (JsonNode message : data.get()) {
            String text = message.path("text").asText("");
            Optional<String> guid = MessageUpdates.guid(message);
            if (text.isBlank()) {
                unreadable = true;
            } else if (text.equals(r.text()) && guid.isPresent()) {
                List<StatusUpdate> said = MessageUpdates.of(message, false);
                return new Reconciliation.Found(guid.get(), said.isEmpty() ? Optional.empty() : Optional.of(said.get(said.size() - 1)));
            }
        }
        if (unreadable) {
            return new Reconciliation.CannotTell("a recent message to this address has no readable text");
        }
        if (data.get().size() >= RECONCILE_LIMIT) {
            return new Reconciliation.CannotTell("too many recent messages to this address to look through");
        }
        return new Reconciliation.NotFound();
    }

    @Override
    public Availability iMessageAvailability(LineContext line, String address) {
        try {
            if (!serverInfos.get(line, false).privateApiReady()) {
                return Availability.UNCHECKED; // the availability route needs the Private API (httpRoutes.ts)
            }
            RelayClient.Reply reply = client.get(line.require("serverUrl"), line.require("password"),
                    "api/v1/handle/availability/imessage", Map.of("address", address));
            JsonNode available = reply.ok() ? reply.data().map(d -> d.get("available")).orElse(null) : null;
            if (available == null || !available.isBoolean()) {
                return Availability.UNCHECKED;
            }
            return available.asBoolean() ? Availability.AVAILABLE : Availability.UNAVAILABLE;
        } catch (ServerInfos.Unavailable | IOException e) {
            return Availability.UNCHECKED;
        }
    }

    @Override
    public HealthResult checkHealth(LineContext line) {
        try {
            serverInfos.get(line, true);
            return HealthResult.ok();
        } catch (ServerInfos.Unavailable u) {
            return u.health();
        }
    }

    @Override
    public Optional<Callbacks> callbacks() {
        return Optional.of(callbacks);
    }

    @Override
    public Optional<EventPoller> poller() {
        return Optional.of(poller);
    }

    /** The URL the relay posts the line's events to: {@code {callbackBase}/events?token=...}. */
    static String callbackUrl(LineContext line) {
        return HttpUrl.get(line.callbackBase().toString()).newBuilder().addPathSegment(BlueBubblesCallbacks.PATH)
                .addQueryParameter("token", line.callbackToken()).build().toString();
    }

    @Override
    public void lineConfigured(LineContext line, Optional<LineContext> previous) throws IOException {
        ObjectNode body = client.mapper().createObjectNode();
        body.put("url", callbackUrl(line));
        var events = body.putArray("events");
        WEBHOOK_EVENTS.forEach(events::add);
        // The relay keeps one webhook per URL and answers the existing one for a repeat (databases/server/index.ts).
        RelayClient.Reply reply = client.post(line.require("serverUrl"), line.require("password"), "api/v1/webhook", body);
        if (!reply.ok()) {
            throw refused("register the line's webhook", reply);
        }
        if (previous.isPresent()) {
            LineContext old = previous.get();
            boolean moved = !callbackUrl(old).equals(callbackUrl(line)) || !old.require("serverUrl").equals(line.require("serverUrl"));
            if (moved) {
                removeWebhook(old);
            }
        }
    }

    @Override
    public void lineRemoved(LineContext line) throws IOException {
        removeWebhook(line);
    }

    /**
     * Lists the relay's webhooks and deletes the ones posting to the line's URL. Listing all of them rather than
     * {@code GET /api/v1/webhook?url=} keeps the token out of the relay's request log, and that query answers a 500
     * for an unknown URL (webhookRouter.ts parses the {@code null} it finds).
     */
    private void removeWebhook(LineContext line) throws IOException {
        String url = callbackUrl(line);
        String serverUrl = line.require("serverUrl");
        String password = line.require("password");
        RelayClient.Reply list = client.get(serverUrl, password, "api/v1/webhook", Map.of());
        if (!list.ok()) {
            throw refused("list its webhooks", list);
        }
        JsonNode hooks = list.data().filter(JsonNode::isArray)
                .orElseThrow(() -> new IOException("the relay's list of webhooks could not be read"));
        for (JsonNode hook : hooks) {
            if (url.equals(hook.path("url").asText()) && hook.path("id").isIntegralNumber()) {
                RelayClient.Reply deleted = client.delete(serverUrl, password, "api/v1/webhook/" + hook.path("id").asLong());
                if (!deleted.ok() && deleted.status() != 404) {
                    throw refused("delete the line's old webhook", deleted);
                }
            }
        }
    }

    private static IOException refused(String what, RelayClient.Reply reply) {
        if (reply.status() == 401 || reply.status() == 403) {
            return new IOException("the relay refused the line's password when asked to " + what);
        }
        return new IOException("the relay answered HTTP " + reply.status() + " when asked to " + what);
    }
}
