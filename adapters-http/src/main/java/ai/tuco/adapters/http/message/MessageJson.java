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
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
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

    /**
     * The same object as {@link #from}, field for field and byte for byte, written straight to {@code g} (a bulk answer
     * holds a thousand of them: no map built per message).
     */
    public static void write(JsonGenerator g, MessageView view, Instant now) throws IOException {
        Message m = view.message();
        Optional<Line> line = view.line();
        g.writeStartObject();
        g.writeStringField("_id", m.id().value());
        g.writeStringField("workspaceId", m.workspaceId().value());
        g.writeStringField("message", m.template());
        string(g, "renderedMessage", m.renderedMessage());
        g.writeStringField("messageType", m.channel().wireName());
        g.writeStringField("status", m.visibleStatus(now).wireName());
        g.writeStringField("fromLineId", m.lineId().value());
        string(g, "fromLinePhone", line.flatMap(Line::phone).map(E164Phone::value));
        string(g, "fromLineEmail", line.flatMap(Line::email).map(EmailAddress::value));
        g.writeStringField("leadId", m.leadId().value());
        string(g, "recipientPhone", m.recipientPhone().map(E164Phone::value));
        string(g, "recipientEmail", m.recipientEmail().map(EmailAddress::value));
        g.writeStringField("recipientName", m.recipientName().isEmpty() ? null : m.recipientName());
        string(g, "subject", m.subject());
        time(g, "scheduledDate", m.scheduledDate());
        g.writeFieldName("settings");
        if (m.window().isPresent()) {
            SendWindow w = m.window().get();
            g.writeStartObject();
            g.writeStringField("timezone", w.zone().getId());
            g.writeStringField("sendWindowStart", WireTime.formatHhMm(w.start()));
            g.writeStringField("sendWindowEnd", WireTime.formatHhMm(w.end()));
            g.writeFieldName("allowedDaysOfWeek");
            int[] days = w.days().stream().mapToInt(WireDays::toWire).sorted().toArray();
            g.writeArray(days, 0, days.length);
            g.writeEndObject();
        } else {
            g.writeNull();
        }
        string(g, "batchId", m.batchId());
        g.writeStringField("correlationId", m.correlationId());
        string(g, "createdByUserId", m.createdByUserId().map(UserId::value));
        string(g, "externalMessageId", m.externalMessageId());
        string(g, "errorCode", m.errorCode());
        string(g, "errorMessage", m.errorMessage());
        g.writeFieldName("checkedAddresses");
        List<String> checked = m.checkedAddresses();
        g.writeStartArray(checked, checked.size());
        for (String a : checked) {
            g.writeString(a);
        }
        g.writeEndArray();
        g.writeBooleanField("sendFallbackSmsOnFailed", m.sendFallbackSmsOnFailed());
        string(g, "fallbackMessageId", m.fallbackMessageId().map(MessageId::value));
        time(g, "sentAt", m.sentAt());
        time(g, "deliveredAt", m.deliveredAt());
        time(g, "readAt", m.readAt());
        String created = JsonSupport.time(m.createdAt());
        g.writeStringField("createdAt", created);
        g.writeStringField("updatedAt", m.updatedAt().equals(m.createdAt()) ? created : JsonSupport.time(m.updatedAt()));
        g.writeNumberField("replyCount", m.replyCount());
        time(g, "lastReplyAt", m.lastReplyAt());
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String field, Optional<String> value) throws IOException {
        g.writeStringField(field, value.orElse(null));
    }

    private static void time(JsonGenerator g, String field, Optional<Instant> value) throws IOException {
        g.writeStringField(field, value.map(JsonSupport::time).orElse(null));
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
