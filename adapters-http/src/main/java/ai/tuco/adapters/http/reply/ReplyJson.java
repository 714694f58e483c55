package ai.tuco.adapters.http.reply;

import ai.tuco.adapters.http.message.MessageJson;
import ai.tuco.adapters.http.shared.JsonSupport;
import ai.tuco.application.reply.port.in.ListRepliesQuery.ReplyView;
import ai.tuco.domain.reply.Reply;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.MessageId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The wire reply object: {@code {_id, workspaceId, leadId, lineId, messageType, fromPhone | fromEmail, ...}}. */
public final class ReplyJson {
    private ReplyJson() {}

    public static Map<String, Object> from(Reply r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_id", r.id().value());
        json.put("workspaceId", r.workspaceId().value());
        json.put("leadId", r.leadId().value());
        json.put("lineId", r.lineId().value());
        json.put("messageType", r.channel().wireName());
        json.put("fromPhone", r.fromPhone().map(E164Phone::value).orElse(null));
        json.put("fromEmail", r.fromEmail().map(EmailAddress::value).orElse(null));
        json.put("message", r.text());
        json.put("attachments", r.attachments().stream().map(a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", a.url());
            m.put("contentType", a.contentType());
            return m;
        }).toList());
        json.put("receivedAt", JsonSupport.time(r.receivedAt()));
        json.put("externalMessageId", r.externalMessageId());
        json.put("parentMessageId", r.parentMessageId().map(MessageId::value).orElse(null));
        return json;
    }

    /** A listed reply: the reply object with its lead's {@code recentReplies} and {@code parentMessages}. */
    static Map<String, Object> from(ReplyView view, Instant now) {
        Map<String, Object> json = from(view.reply());
        List<Map<String, Object>> recent = view.recentReplies().stream().map(ReplyJson::from).toList();
        json.put("recentReplies", recent);
        json.put("parentMessages", view.parentMessages().stream().map(m -> MessageJson.from(m, now)).toList());
        return json;
    }
}
