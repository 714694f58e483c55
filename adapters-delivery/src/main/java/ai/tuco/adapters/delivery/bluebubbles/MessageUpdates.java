package ai.tuco.adapters.delivery.bluebubbles;

import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.ObjectIds;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Status updates read from one serialised relay message (MessageSerializer.ts: {@code guid}, {@code tempGuid} on the
 * sender's own events, {@code isFromMe}, {@code error}, and {@code dateDelivered} / {@code dateRead} in epoch ms).
 * Shared by the webhook decoder, the catch-up poll and reconciliation.
 */
final class MessageUpdates {
    private MessageUpdates() {}

    /** The relay's error code for a send it gave up on (index.ts emitMessageError: "4: Message Timeout"). */
    static String errorText(long code) {
        return code == 4 ? "the relay timed out sending the message" : "the relay reported send error " + code;
    }

    /** Our message id, from {@code tempGuid} when the relay echoes one we could have given. */
    static Optional<MessageId> messageId(JsonNode message) {
        String temp = message.path("tempGuid").asText("");
        return ObjectIds.isValid(temp) ? Optional.of(new MessageId(temp)) : Optional.empty();
    }

    static Optional<String> guid(JsonNode message) {
        String guid = message.path("guid").asText("");
        return guid.isBlank() || guid.length() > 200 ? Optional.empty() : Optional.of(guid);
    }

    /** A message's epoch-millisecond date field, if set. */
    static Optional<Instant> date(JsonNode message, String field) {
        JsonNode v = message.get(field);
        return v != null && v.isIntegralNumber() && v.asLong() > 0 ? Optional.of(Instant.ofEpochMilli(v.asLong())) : Optional.empty();
    }

    /**
     * What a message of ours says: failed ({@code error ≠ 0}, or {@code forceFailed} for a message-send-error event),
     * else delivered and/or read. Empty for a message that is not from us or that names no message.
     */
    static List<StatusUpdate> of(JsonNode message, boolean forceFailed) {
        if (!message.isObject() || !message.path("isFromMe").asBoolean(false)) {
            return List.of();
        }
        Optional<MessageId> id = messageId(message);
        Optional<String> guid = guid(message);
        if (id.isEmpty() && guid.isEmpty()) {
            return List.of();
        }
        long error = message.path("error").asLong(0);
        if (error != 0 || forceFailed) {
            String code = error != 0 ? Long.toString(error) : "unknown";
            String text = error != 0 ? errorText(error) : "the relay reported a send error";
            return List.of(new StatusUpdate(id, guid, StatusUpdate.Kind.FAILED, Optional.of(code), Optional.of(text),
                    date(message, "dateCreated")));
        }
        List<StatusUpdate> out = new ArrayList<>(2);
        date(message, "dateDelivered").ifPresent(at -> out.add(update(id, guid, StatusUpdate.Kind.DELIVERED, at)));
        date(message, "dateRead").ifPresent(at -> out.add(update(id, guid, StatusUpdate.Kind.READ, at)));
        return out;
    }

    private static StatusUpdate update(Optional<MessageId> id, Optional<String> guid, StatusUpdate.Kind kind, Instant at) {
        return new StatusUpdate(id, guid, kind, Optional.empty(), Optional.empty(), Optional.of(at));
    }
}
