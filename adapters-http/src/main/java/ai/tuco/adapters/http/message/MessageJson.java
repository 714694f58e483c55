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
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The wire message object of the contract, built from the domain (domain objects are never serialised). */
public final class MessageJson {
    // the field names of write(), encoded once (a bulk answer writes each a thousand times)
    private static final SerializableString N_ID = new SerializedString("_id");
    private static final SerializableString N_WORKSPACE_ID = new SerializedString("workspaceId");
    private static final SerializableString N_MESSAGE = new SerializedString("message");
    private static final SerializableString N_MESSAGE_TYPE = new SerializedString("messageType");
    private static final SerializableString N_STATUS = new SerializedString("status");
    private static final SerializableString N_FROM_LINE_ID = new SerializedString("fromLineId");
    private static final SerializableString N_LEAD_ID = new SerializedString("leadId");
    private static final SerializableString N_RECIPIENT_NAME = new SerializedString("recipientName");
    private static final SerializableString N_TIMEZONE = new SerializedString("timezone");
    private static final SerializableString N_SEND_WINDOW_START = new SerializedString("sendWindowStart");
    private static final SerializableString N_SEND_WINDOW_END = new SerializedString("sendWindowEnd");
    private static final SerializableString N_CORRELATION_ID = new SerializedString("correlationId");
    private static final SerializableString N_CREATED_AT = new SerializedString("createdAt");
    private static final SerializableString N_UPDATED_AT = new SerializedString("updatedAt");
    private static final SerializableString N_RENDERED_MESSAGE = new SerializedString("renderedMessage");
    private static final SerializableString N_FROM_LINE_PHONE = new SerializedString("fromLinePhone");
    private static final SerializableString N_FROM_LINE_EMAIL = new SerializedString("fromLineEmail");
    private static final SerializableString N_RECIPIENT_PHONE = new SerializedString("recipientPhone");
    private static final SerializableString N_RECIPIENT_EMAIL = new SerializedString("recipientEmail");
    private static final SerializableString N_SUBJECT = new SerializedString("subject");
    private static final SerializableString N_BATCH_ID = new SerializedString("batchId");
    private static final SerializableString N_CREATED_BY_USER_ID = new SerializedString("createdByUserId");
    private static final SerializableString N_EXTERNAL_MESSAGE_ID = new SerializedString("externalMessageId");
    private static final SerializableString N_ERROR_CODE = new SerializedString("errorCode");
    private static final SerializableString N_ERROR_MESSAGE = new SerializedString("errorMessage");
    private static final SerializableString N_FALLBACK_MESSAGE_ID = new SerializedString("fallbackMessageId");
    private static final SerializableString N_SCHEDULED_DATE = new SerializedString("scheduledDate");
    private static final SerializableString N_SENT_AT = new SerializedString("sentAt");
    private static final SerializableString N_DELIVERED_AT = new SerializedString("deliveredAt");
    private static final SerializableString N_READ_AT = new SerializedString("readAt");
    private static final SerializableString N_LAST_REPLY_AT = new SerializedString("lastReplyAt");
    private static final SerializableString N_SETTINGS = new SerializedString("settings");
    private static final SerializableString N_ALLOWED_DAYS_OF_WEEK = new SerializedString("allowedDaysOfWeek");
    private static final SerializableString N_CHECKED_ADDRESSES = new SerializedString("checkedAddresses");
    private static final SerializableString N_SEND_FALLBACK_SMS_ON_FAILED = new SerializedString("sendFallbackSmsOnFailed");
    private static final SerializableString N_REPLY_COUNT = new SerializedString("replyCount");

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
        string(g, N_ID, m.id().value());
        string(g, N_WORKSPACE_ID, m.workspaceId().value());
        string(g, N_MESSAGE, m.template());
        string(g, N_RENDERED_MESSAGE, m.renderedMessage());
        string(g, N_MESSAGE_TYPE, m.channel().wireName());
        string(g, N_STATUS, m.visibleStatus(now).wireName());
        string(g, N_FROM_LINE_ID, m.lineId().value());
        string(g, N_FROM_LINE_PHONE, line.flatMap(Line::phone).map(E164Phone::value));
        string(g, N_FROM_LINE_EMAIL, line.flatMap(Line::email).map(EmailAddress::value));
        string(g, N_LEAD_ID, m.leadId().value());
        string(g, N_RECIPIENT_PHONE, m.recipientPhone().map(E164Phone::value));
        string(g, N_RECIPIENT_EMAIL, m.recipientEmail().map(EmailAddress::value));
        string(g, N_RECIPIENT_NAME, m.recipientName().isEmpty() ? null : m.recipientName());
        string(g, N_SUBJECT, m.subject());
        time(g, N_SCHEDULED_DATE, m.scheduledDate());
        g.writeFieldName(N_SETTINGS);
        if (m.window().isPresent()) {
            SendWindow w = m.window().get();
            g.writeStartObject();
            string(g, N_TIMEZONE, w.zone().getId());
            string(g, N_SEND_WINDOW_START, WireTime.formatHhMm(w.start()));
            string(g, N_SEND_WINDOW_END, WireTime.formatHhMm(w.end()));
            g.writeFieldName(N_ALLOWED_DAYS_OF_WEEK);
            int[] days = w.days().stream().mapToInt(WireDays::toWire).sorted().toArray();
            g.writeArray(days, 0, days.length);
            g.writeEndObject();
        } else {
            g.writeNull();
        }
        string(g, N_BATCH_ID, m.batchId());
        string(g, N_CORRELATION_ID, m.correlationId());
        string(g, N_CREATED_BY_USER_ID, m.createdByUserId().map(UserId::value));
        string(g, N_EXTERNAL_MESSAGE_ID, m.externalMessageId());
        string(g, N_ERROR_CODE, m.errorCode());
        string(g, N_ERROR_MESSAGE, m.errorMessage());
        g.writeFieldName(N_CHECKED_ADDRESSES);
        List<String> checked = m.checkedAddresses();
        g.writeStartArray(checked, checked.size());
        for (String a : checked) {
            g.writeString(a);
        }
        g.writeEndArray();
        g.writeFieldName(N_SEND_FALLBACK_SMS_ON_FAILED);
        g.writeBoolean(m.sendFallbackSmsOnFailed());
        string(g, N_FALLBACK_MESSAGE_ID, m.fallbackMessageId().map(MessageId::value));
        time(g, N_SENT_AT, m.sentAt());
        time(g, N_DELIVERED_AT, m.deliveredAt());
        time(g, N_READ_AT, m.readAt());
        String created = JsonSupport.time(m.createdAt());
        string(g, N_CREATED_AT, created);
        string(g, N_UPDATED_AT, m.updatedAt().equals(m.createdAt()) ? created : JsonSupport.time(m.updatedAt()));
        g.writeFieldName(N_REPLY_COUNT);
        g.writeNumber(m.replyCount());
        time(g, N_LAST_REPLY_AT, m.lastReplyAt());
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, SerializableString field, Optional<String> value) throws IOException {
        string(g, field, value.orElse(null));
    }

    private static void string(JsonGenerator g, SerializableString field, String value) throws IOException {
        g.writeFieldName(field);
        g.writeString(value);
    }

    private static void time(JsonGenerator g, SerializableString field, Optional<Instant> value) throws IOException {
        string(g, field, value.map(JsonSupport::time).orElse(null));
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
