package ai.tuco.bootstrap.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A local BlueBubbles relay answering per path in the shapes of the relay's own code
 * (github.com/BlueBubblesApp/bluebubbles-server, packages/server/src/server/: api/http/api/v1/httpRoutes.ts for the
 * routes, middleware/authMiddleware.ts for the {@code password} query parameter and its 401, responses/*.ts for the
 * {@code {status, message, data}} envelope, interfaces/generalInterface.ts for server info, serializers/
 * MessageSerializer.ts for messages, routers/webhookRouter.ts for webhooks, databases/imessage/helpers/dateUtil.ts for
 * chat.db dates); the same fixtures as adapters-delivery's {@code BlueBubblesProviderTest}. It keeps the messages sent
 * to it and answers {@code message/query} from them as the relay's chat.db would: a catch-up query (its
 * {@code bbSince} in Apple nanoseconds) finds the messages delivered at or after that time.
 */
final class RelayStub implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** chat.db dates are nanoseconds since 2001-01-01. */
    static final long APPLE_EPOCH_MS = 978_307_200_000L;

    final String password;
    final MockWebServer server = new MockWebServer();
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    /** Registered webhooks by id: their URLs. */
    final Map<Integer, String> webhooks = new ConcurrentHashMap<>();
    /** Sent messages by our tempGuid. */
    final Map<String, ObjectNode> messages = new ConcurrentHashMap<>();
    private final AtomicInteger hookIds = new AtomicInteger();

    RelayStub(String password) throws IOException {
        this.password = password;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                try {
                    return answer(request);
                } catch (IOException | RuntimeException e) {
                    return json(500, "{\"status\":500,\"message\":\"stub failed: " + e.getClass().getSimpleName() + "\"}");
                }
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }

    /** The requests to {@code method path}, in order. */
    List<RecordedRequest> requests(String method, String path) {
        return requests.stream().filter(r -> r.getMethod().equals(method) && r.getUrl().encodedPath().equals(path)).toList();
    }

    /** The relay marks a message delivered (and the Mac saw it at {@code epochMs}), as chat.db would. */
    void deliver(String tempGuid, long epochMs) {
        ObjectNode m = messages.get(tempGuid);
        m.put("dateDelivered", epochMs);
        m.put("isDelivered", true);
    }

    private MockResponse answer(RecordedRequest r) throws IOException {
        if (!password.equals(r.getUrl().queryParameter("password"))) {
            return json(401, """
                    {"status":401,"message":"You are not authorized to access this resource",\
                    "error":{"type":"Authentication Error","message":"Unauthorized"}}""");
        }
        String path = r.getUrl().encodedPath();
        String method = r.getMethod();
        JsonNode body = r.getBody() == null || r.getBody().size() == 0 ? JSON.createObjectNode() : JSON.readTree(r.getBody().utf8());
        if (method.equals("GET") && path.equals("/api/v1/server/info")) {
            return ok("""
                    {"status":200,"message":"Success","data":{"computer_id":"F1E2D3C4-mac","os_version":"15.5",\
                    "server_version":"1.9.9","private_api":true,"proxy_service":"Cloudflare","helper_connected":true,\
                    "detected_icloud":"owner@icloud.com","detected_imessage":"owner@icloud.com","macos_time_sync":null,\
                    "local_ipv4s":["192.168.1.20"],"local_ipv6s":[]}}""");
        }
        if (method.equals("GET") && path.equals("/api/v1/handle/availability/imessage")) {
            return ok("{\"status\":200,\"message\":\"Success\",\"data\":{\"available\":true}}");
        }
        if (method.equals("POST") && path.equals("/api/v1/webhook")) {
            int id = hookIds.incrementAndGet();
            webhooks.put(id, body.path("url").asText());
            return ok("{\"status\":200,\"message\":\"Successfully created webhook!\",\"data\":" + hook(id) + "}");
        }
        if (method.equals("GET") && path.equals("/api/v1/webhook")) {
            return ok("{\"status\":200,\"message\":\"Successfully fetched webhooks!\",\"data\":["
                    + String.join(",", webhooks.keySet().stream().map(this::hook).toList()) + "]}");
        }
        if (method.equals("DELETE") && path.startsWith("/api/v1/webhook/")) {
            webhooks.remove(Integer.parseInt(path.substring(path.lastIndexOf('/') + 1)));
            return ok("{\"status\":200,\"message\":\"Successfully deleted webhook!\"}");
        }
        if (method.equals("POST") && path.equals("/api/v1/message/text")) {
            String chatGuid = body.path("chatGuid").asText();
            ObjectNode m = message("p:0/" + UUID.randomUUID().toString().toUpperCase(), body.path("tempGuid").asText(),
                    body.path("message").asText(), chatGuid.substring(chatGuid.indexOf(";-;") + 3));
            messages.put(m.path("tempGuid").asText(), m);
            return ok("{\"status\":200,\"message\":\"Message sent!\",\"data\":" + m + "}");
        }
        if (method.equals("POST") && path.equals("/api/v1/message/query")) {
            return ok(query(body));
        }
        return json(404, "{\"status\":404,\"message\":\"Not found\"}");
    }

    /** A catch-up query: our messages delivered at or after {@code bbSince}; a lookup by address: those to it. */
    private String query(JsonNode body) {
        long sinceMs = Long.MIN_VALUE;
        String address = null;
        for (JsonNode w : body.path("where")) {
            JsonNode since = w.path("args").get("bbSince");
            if (since != null) {
                sinceMs = since.asLong() / 1_000_000L + APPLE_EPOCH_MS;
            }
            if (w.path("args").has("bbAddress")) {
                address = w.path("args").path("bbAddress").asText();
            }
        }
        ArrayNode data = JSON.createArrayNode();
        for (ObjectNode m : messages.values()) {
            boolean found = address != null ? address.equals(m.path("handle").path("address").asText())
                    : sinceMs != Long.MIN_VALUE && m.path("dateDelivered").asLong(0) >= sinceMs;
            if (found) {
                data.add(m);
            }
        }
        return "{\"status\":200,\"message\":\"Successfully fetched messages!\",\"data\":" + data
                + ",\"metadata\":{\"offset\":0,\"limit\":500,\"total\":" + data.size() + ",\"count\":" + data.size() + "}}";
    }

    /** A message as MessageSerializer.ts writes it (the sender's own events carry {@code tempGuid}). */
    static ObjectNode message(String guid, String tempGuid, String text, String address) {
        try {
            return (ObjectNode) JSON.readTree("""
                    {"originalROWID":4211,"tempGuid":"%s","guid":"%s","text":%s,"attributedBody":[],"handle":{"originalROWID":12,\
                    "address":"%s","service":"iMessage","uncanonicalizedId":null,"country":"us"},"handleId":12,\
                    "otherHandle":0,"attachments":[],"subject":null,"error":0,"dateCreated":%d,\
                    "dateRead":null,"dateDelivered":null,"isDelivered":false,"isFromMe":true,"hasDdResults":false,\
                    "isArchived":false,"itemType":0,"groupTitle":null,"groupActionType":0,"balloonBundleId":null,\
                    "associatedMessageGuid":null,"associatedMessageType":null,"expressiveSendStyleId":null,\
                    "threadOriginatorGuid":null,"hasPayloadData":false}""".formatted(tempGuid, guid, JSON.writeValueAsString(text),
                    address, System.currentTimeMillis()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code updated-message} webhook post the relay makes for a message's change (no tempGuid on updates). */
    String updatedEvent(String tempGuid) {
        ObjectNode m = messages.get(tempGuid).deepCopy();
        m.remove("tempGuid");
        return "{\"type\":\"updated-message\",\"data\":" + m + "}";
    }

    private String hook(int id) {
        return "{\"id\":" + id + ",\"url\":" + JSON.valueToTree(webhooks.get(id)) + ",\"events\":[\"new-message\","
                + "\"updated-message\",\"message-send-error\"],\"created\":\"2026-11-01T00:00:00.000Z\"}";
    }

    static MockResponse ok(String body) {
        return json(200, body);
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }
}
