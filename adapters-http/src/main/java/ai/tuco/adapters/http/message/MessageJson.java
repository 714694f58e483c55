package ai.tuco.adapters.http.message;

import ai.tuco.adapters.http.shared.JsonSupport;
import ai.tuco.application.message.port.in.MessageView;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.RecordedEvent;
import ai.tuco.domain.message.SendWindow;
import ai.tuco.domain.message.WireDays;
import ai.tuco.domain.message.WireTime;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.UserId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The wire message object of the contract, built from the domain (domain objects are never serialised). */
public final class MessageJson {
    private MessageJson() {}

    /** @param now to show a due {@code scheduled} message as {@code queued} */
    public static Map<String, Object> from(MessageView view, Instant now) {
        Message m = view.message();
        Optional<Line> line = view.line();
        Map<String, Object> json = new LinkedHashMap<>(64); // 35 fields without a resize (exports build millions)
        json.put("_id", m.id().value());
        json.put("workspaceId", m.workspaceId().value());
        json.put("message", m.template());
        json.put("renderedMessage", m.renderedMessage().orElse(null));
        json.put("messageType", m.channel().wireName());
        json.put("status", m.visibleStatus(now).wireName());
        json.put("fromLineId", m.lineId().value());
        json.put("fromLinePhone", line.flatMap(Line::phone).map(E164Phone::value).orElse(null));
        json.put("fromLineEmail", line.flatMap(Line::email).map(EmailAddress::value).orElse(null));
        json.put("leadId", m.leadId().value());
        json.put("recipientPhone", m.recipientPhone().map(E164Phone::value).orElse(null));
        json.put("recipientEmail", m.recipientEmail().map(EmailAddress::value).orElse(null));
        json.put("recipientName", m.recipientName().isEmpty() ? null : m.recipientName());
        json.put("subject", m.subject().orElse(null));
        json.put("scheduledDate", m.scheduledDate().map(JsonSupport::time).orElse(null));
        json.put("settings", m.window().map(MessageJson::settings).orElse(null));
        json.put("batchId", m.batchId().orElse(null));
        json.put("correlationId", m.correlationId());
        json.put("createdByUserId", m.createdByUserId().map(UserId::value).orElse(null));
        json.put("externalMessageId", m.externalMessageId().orElse(null));
        json.put("errorCode", m.errorCode().orElse(null));
        json.put("errorMessage", m.errorMessage().orElse(null));
        json.put("checkedAddresses", m.checkedAddresses());
        json.put("sendFallbackSmsOnFailed", m.sendFallbackSmsOnFailed());
        json.put("fallbackMessageId", m.fallbackMessageId().map(MessageId::value).orElse(null));
        json.put("sentAt", m.sentAt().map(JsonSupport::time).orElse(null));
        json.put("deliveredAt", m.deliveredAt().map(JsonSupport::time).orElse(null));
        json.put("readAt", m.readAt().map(JsonSupport::time).orElse(null));
        json.put("createdAt", JsonSupport.time(m.createdAt()));
        json.put("updatedAt", JsonSupport.time(m.updatedAt()));
        json.put("replyCount", m.replyCount());
        json.put("lastReplyAt", m.lastReplyAt().map(JsonSupport::time).orElse(null));
        return json;
    }

    private static Map<String, Object> settings(SendWindow w) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("timezone", w.zone().getId());
        s.put("sendWindowStart", WireTime.formatHhMm(w.start()));
        s.put("sendWindowEnd", WireTime.formatHhMm(w.end()));
        s.put("allowedDaysOfWeek", w.days().stream().map(WireDays::toWire).sorted().toList());
        return s;
    }

    public static Map<String, Object> event(RecordedEvent e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seq", e.seq());
        json.put("type", e.event().type());
        json.put("fromStatus", e.event().fromStatus().map(s -> s.wireName()).orElse(null));
        json.put("toStatus", e.event().toStatus().wireName());
        json.put("at", JsonSupport.time(e.event().at()));
        json.put("detail", e.event().detail());
        return json;
    }
}
