package ai.tuco.adapters.delivery.bluebubbles;

import ai.tuco.application.provider.port.out.spi.InboundReply;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A reply read from one serialised relay message that is not ours ({@code isFromMe: false}; MessageSerializer.ts):
 * its {@code guid} is the reply's provider id, the sender is {@code handle.address} (HandleSerializer.ts: the phone or
 * email of the person, never the chat GUID, which names a group or a {@code any;-;} chat), {@code text} its text,
 * {@code dateCreated} (epoch ms) when it was received, and each of {@code attachments} (AttachmentSerializer.ts:
 * {@code guid}, {@code mimeType}) a reference to the relay's {@code GET /api/v1/attachment/:guid/download}
 * (httpRoutes.ts), without the password: whoever fetches it adds the line's password. Tapbacks and edits
 * ({@code associatedMessageType} set), and group events ({@code itemType} ≠ 0), are not replies. Shared by the webhook
 * decoder and the catch-up poll.
 */
final class IncomingMessages {
    private IncomingMessages() {}

    static Optional<InboundReply> reply(JsonNode message, String serverUrl) {
        if (!message.isObject() || !message.path("isFromMe").isBoolean() || message.path("isFromMe").asBoolean()) {
            return Optional.empty();
        }
        Optional<String> guid = MessageUpdates.guid(message);
        String address = message.path("handle").path("address").asText("").strip();
        Optional<Instant> created = MessageUpdates.date(message, "dateCreated");
        if (guid.isEmpty() || address.isEmpty() || address.length() > 320 || created.isEmpty()) {
            return Optional.empty();
        }
        if (message.path("itemType").asInt(0) != 0 || isTapback(message.path("associatedMessageType"))) {
            return Optional.empty();
        }
        String text = message.path("text").isTextual() ? message.path("text").asText() : "";
        List<InboundReply.Attachment> attachments = new ArrayList<>();
        String base = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
        for (JsonNode a : message.path("attachments")) {
            String attachmentGuid = a.path("guid").asText("");
            if (attachmentGuid.isBlank() || attachmentGuid.length() > 200) {
                continue;
            }
            String type = a.path("mimeType").isTextual() ? a.path("mimeType").asText() : null;
            attachments.add(new InboundReply.Attachment(base + "/api/v1/attachment/"
                    + URLEncoder.encode(attachmentGuid, StandardCharsets.UTF_8).replace("+", "%20") + "/download", type));
        }
        return Optional.of(new InboundReply(guid.get(), address, text, attachments, created.get(), Optional.empty()));
    }

    private static boolean isTapback(JsonNode type) {
        return (type.isTextual() && !type.asText().isBlank()) || (type.isNumber() && type.asInt() != 0);
    }
}
