package ai.tuco.adapters.delivery.bluebubbles;

import ai.tuco.application.provider.port.out.spi.Callbacks;
import ai.tuco.application.provider.port.out.spi.InboundReply;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The relay's webhook posts ({@code {type, data}} JSON, webhookService/index.ts) to the URL registered for the line,
 * {@code {callbackBase}/events?token=...}. The relay does not sign, so the per-line token is the authentication. Our
 * messages' events are status updates; a {@code new-message} that is not ours is a reply ({@link IncomingMessages}).
 */
final class BlueBubblesCallbacks implements Callbacks {
    static final String PATH = "events";
    static final Set<String> MESSAGE_EVENTS = Set.of("new-message", "updated-message", "message-send-error");

    private final ObjectMapper mapper;

    BlueBubblesCallbacks(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Decoded decode(LineContext line, Inbound request) {
        if (!PATH.equals(request.path())) {
            return Decoded.refused(404, "unknown callback path");
        }
        Optional<String> token = request.queryParam("token");
        if (token.isEmpty() || !sameToken(token.get(), line.callbackToken())) {
            return Decoded.refused(401, "missing or wrong token");
        }
        JsonNode event;
        try {
            event = mapper.readTree(request.body());
        } catch (IOException e) {
            return Decoded.refused(400, "the body is not JSON");
        }
        if (event == null || !event.isObject()) {
            return Decoded.refused(400, "the body is not a JSON object");
        }
        String type = event.path("type").asText("");
        JsonNode data = event.path("data");
        if (!MESSAGE_EVENTS.contains(type) || !data.isObject()) {
            return new Decoded(Answer.ok(), List.of());
        }
        List<StatusUpdate> updates = MessageUpdates.of(data, type.equals("message-send-error"));
        // a reply is a new message that is not ours; an update of one (its read receipt, an edit) is no new reply
        List<InboundReply> replies = type.equals("new-message")
                ? IncomingMessages.reply(data, line.require("serverUrl")).stream().toList()
                : List.of();
        return new Decoded(Answer.ok(), updates, replies);
    }

    private static boolean sameToken(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
