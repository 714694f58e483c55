package ai.tuco.adapters.http.message;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.http.shared.JsonSupport;
import ai.tuco.application.message.port.in.MessageView;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.LineCaps;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.message.SendWindow;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bulk answer's streamed message object is the single answer's map, byte for byte. */
class MessageJsonTest {
    static final Instant CREATED = Instant.parse("2026-03-12T22:57:00.856789Z");
    static final Line LINE = new Line(new LineId("cccccccccccccccccccccccc"), new WorkspaceId("aaaaaaaaaaaaaaaaaaaaaaaa"), "Main",
            Optional.of(new E164Phone("+13125550301")), Optional.of(EmailAddress.parse("line@example.com")), "Tess", "T",
            true, Set.of(Channel.SMS, Channel.IMESSAGE), new Provider("sandbox"), Optional.empty(), 30,
            new LineCaps(10, 20, 5), CREATED, CREATED);

    static Message.Builder bare() {
        return Message.rehydrate()
                .id(new MessageId("dddddddddddddddddddddddd"))
                .workspaceId(new WorkspaceId("aaaaaaaaaaaaaaaaaaaaaaaa"))
                .template("Hey {{firstName}}, \"quoted\" \\ and ünïcode ✓ \n new line")
                .channel(Channel.IMESSAGE)
                .status(MessageStatus.QUEUED)
                .lineId(LINE.id())
                .leadId(new LeadId("eeeeeeeeeeeeeeeeeeeeeeee"))
                .recipientPhone(Optional.of(new E164Phone("+12025551234")))
                .recipientName("")
                .correlationId("req-1.0")
                .checkedAddresses(List.of())
                .createdAt(CREATED)
                .updatedAt(CREATED)
                .dueAt(CREATED);
    }

    static Message full() {
        Instant later = CREATED.plusSeconds(3600);
        return bare()
                .renderedMessage(Optional.of("Hey John"))
                .channel(Channel.EMAIL)
                .status(MessageStatus.SCHEDULED)
                .recipientPhone(Optional.empty())
                .recipientEmail(Optional.of(EmailAddress.parse("john@example.com")))
                .recipientName("John Doe")
                .subject(Optional.of("Hello"))
                .scheduledDate(Optional.of(later))
                .window(Optional.of(new SendWindow(ZoneId.of("America/Chicago"), Set.of(DayOfWeek.FRIDAY, DayOfWeek.MONDAY),
                        LocalTime.of(9, 0), LocalTime.of(17, 30))))
                .batchId(Optional.of("campaign-7"))
                .createdByUserId(Optional.of(new UserId("bbbbbbbbbbbbbbbbbbbbbbbb")))
                .externalMessageId(Optional.of("ext-1"))
                .errorCode(Optional.of("E1"))
                .errorMessage(Optional.of("went wrong"))
                .checkedAddresses(List.of("+12025551234", "john@example.com"))
                .sendFallbackSmsOnFailed(true)
                .fallbackMessageId(Optional.of(new MessageId("ffffffffffffffffffffffff")))
                .sentAt(Optional.of(later))
                .deliveredAt(Optional.of(later.plusMillis(1)))
                .readAt(Optional.of(later.plusMillis(2)))
                .updatedAt(later.plusMillis(3))
                .dueAt(later)
                .replyCount(3)
                .lastReplyAt(Optional.of(later.plusMillis(4)))
                .build();
    }

    static String streamed(MessageView view, Instant now) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonSupport.MAPPER.createGenerator(out)) {
            MessageJson.write(g, view, now);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static String mapped(MessageView view, Instant now) {
        return new String(JsonSupport.bytes(MessageJson.from(view, now)), StandardCharsets.UTF_8);
    }

    @Test
    void write_ofAMessageWithEveryFieldSet_isFromsBytes() throws Exception {
        MessageView view = new MessageView(full(), Optional.of(LINE));
        assertThat(streamed(view, CREATED)).isEqualTo(mapped(view, CREATED)).contains("\"allowedDaysOfWeek\":[");
    }

    @Test
    void write_ofABareMessageWithoutLine_isFromsBytes() throws Exception {
        MessageView view = new MessageView(bare().build(), Optional.empty());
        assertThat(streamed(view, CREATED)).isEqualTo(mapped(view, CREATED)).contains("\"settings\":null");
    }

    @Test
    void write_showsADueScheduledMessageAsQueued_likeFrom() throws Exception {
        MessageView view = new MessageView(full(), Optional.of(LINE));
        Instant afterDue = CREATED.plusSeconds(7200);
        assertThat(streamed(view, afterDue)).isEqualTo(mapped(view, afterDue)).contains("\"status\":\"queued\"");
    }
}
