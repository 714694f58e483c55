package ai.tuco.adapters.persistence.reply;

import ai.tuco.application.reply.port.out.ReplyEvents;
import ai.tuco.domain.reply.Reply;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.MessageId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code message.reply} into the webhook outbox, in the reply's transaction: one delivery per enabled endpoint of the
 * workspace subscribed to it, its body frozen now: {@code {event, timestamp, workspaceId, data}}, {@code data} being
 * the reply object as {@code GET /api/replies} shows it (without its conversation). The delivery's {@code message_id}
 * is the reply's id with {@code seq} 1 (a reply has one event), so the outbox's in-order rule per (endpoint, message)
 * treats each reply on its own. A workspace without such endpoints costs one statement that inserts nothing.
 */
public final class JdbiReplyEvents implements ReplyEvents {
    static final String EVENT = "message.reply";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Jdbi jdbi;

    public JdbiReplyEvents(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void recorded(Reply reply) {
        String body = body(reply);
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO webhook_deliveries (id, workspace_id, endpoint_id, message_id, seq, event, body,
                            next_attempt_at, created_at)
                        SELECT tuco_object_id(), ep.workspace_id, ep.id, :replyId, 1, :event, :body, :at, :at
                        FROM webhook_endpoints ep
                        WHERE ep.workspace_id = :w AND ep.enabled AND ep.events @> ARRAY[CAST(:event AS text)]""")
                .bind("replyId", reply.id().value())
                .bind("event", EVENT)
                .bind("body", body)
                .bind("at", reply.createdAt())
                .bind("w", reply.workspaceId().value())
                .execute());
    }

    /** The webhook body; {@code data}'s keys are those of the API's reply object, in its order. */
    static String body(Reply r) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("_id", r.id().value());
        data.put("workspaceId", r.workspaceId().value());
        data.put("leadId", r.leadId().value());
        data.put("lineId", r.lineId().value());
        data.put("messageType", r.channel().wireName());
        data.put("fromPhone", r.fromPhone().map(E164Phone::value).orElse(null));
        data.put("fromEmail", r.fromEmail().map(EmailAddress::value).orElse(null));
        data.put("message", r.text());
        List<Map<String, Object>> attachments = r.attachments().stream().map(a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", a.url());
            m.put("contentType", a.contentType());
            return m;
        }).toList();
        data.put("attachments", attachments);
        data.put("receivedAt", time(r.receivedAt()));
        data.put("externalMessageId", r.externalMessageId());
        data.put("parentMessageId", r.parentMessageId().map(MessageId::value).orElse(null));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", EVENT);
        body.put("timestamp", time(r.createdAt()));
        body.put("workspaceId", r.workspaceId().value());
        body.put("data", data);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a reply's webhook body could not be written", e);
        }
    }

    private static String time(Instant t) {
        return WIRE.format(t);
    }
}
