package ai.tuco.domain.message;

import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Optional;

/** Ready-made requests and messages for the message tests. */
final class MessageFixtures {
    static final Instant NOW = Instant.parse("2026-03-09T15:00:00Z");
    static final MessageId ID = new MessageId("64b7f0c2a1b2c3d4e5f60718");
    static final WorkspaceId WORKSPACE = new WorkspaceId("64b7f0c2a1b2c3d4e5f60001");
    static final LineId LINE = new LineId("64b7f0c2a1b2c3d4e5f60002");
    static final LeadId LEAD = new LeadId("64b7f0c2a1b2c3d4e5f60003");
    static final String TEMPLATE = "Hey {{firstName|there}}, quick question";

    private MessageFixtures() {}

    static NewMessage request(Optional<Instant> scheduledDate, Optional<SendWindow> window) {
        return request(TEMPLATE, scheduledDate, window);
    }

    static NewMessage request(String template, Optional<Instant> scheduledDate, Optional<SendWindow> window) {
        return new NewMessage(ID, WORKSPACE, template, Channel.IMESSAGE, LINE, LEAD,
                Optional.of(new E164Phone("+15551234567")), Optional.empty(), "Ada Lovelace", Optional.empty(),
                scheduledDate, window, Optional.of("batch-1"), "app_corr-1", Optional.empty(), true);
    }

    static Message queued() {
        return Message.accept(request(Optional.empty(), Optional.empty()), NOW).message();
    }

    /** A stored message in {@code status}, carrying what that status requires. */
    static Message messageIn(MessageStatus status) {
        Message.Builder b = Message.rehydrate()
                .id(ID).workspaceId(WORKSPACE).template(TEMPLATE).channel(Channel.IMESSAGE).status(status)
                .lineId(LINE).leadId(LEAD).recipientPhone(Optional.of(new E164Phone("+15551234567")))
                .correlationId("app_corr-1").sendFallbackSmsOnFailed(true)
                .createdAt(NOW.minusSeconds(600)).updatedAt(NOW.minusSeconds(60)).dueAt(NOW.minusSeconds(600));
        if (status.requiresReason()) {
            b.errorCode(Optional.of("EARLIER")).errorMessage(Optional.of("an earlier reason"));
        }
        if (status == MessageStatus.SENT || status == MessageStatus.DELIVERED) {
            b.sentAt(Optional.of(NOW.minusSeconds(120))).externalMessageId(Optional.of("ext-0"));
        }
        if (status == MessageStatus.DELIVERED) {
            b.deliveredAt(Optional.of(NOW.minusSeconds(90)));
        }
        return b.build();
    }
}
