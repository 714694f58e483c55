package ai.tuco.domain.message;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A message whose send window closed while it waited (for a line's cap or pacing) waits again for the window's next
 * opening: it becomes {@code scheduled}, due then. This is the one move back to {@code scheduled}; it is kept out of
 * {@link MessageStatus#canMoveTo} so that no client request or provider event can make it.
 */
public final class WindowWait {
    public static final String RESCHEDULED = "rescheduled";

    private WindowWait() {}

    public static Transition untilNextOpening(Message m, Instant now) {
        SendWindow window = m.window().orElseThrow(() -> new IllegalArgumentException("message " + m.id() + " has no send window"));
        if (m.status() != MessageStatus.SCHEDULED && m.status() != MessageStatus.QUEUED && m.status() != MessageStatus.SENDING) {
            throw new IllegalTransition(m.id(), m.status(), MessageStatus.SCHEDULED);
        }
        Instant opening = window.nextOpening(now);
        Message next = Message.rehydrate()
                .id(m.id()).workspaceId(m.workspaceId()).template(m.template()).renderedMessage(m.renderedMessage())
                .channel(m.channel()).status(MessageStatus.SCHEDULED).lineId(m.lineId()).leadId(m.leadId())
                .recipientPhone(m.recipientPhone()).recipientEmail(m.recipientEmail()).recipientName(m.recipientName())
                .subject(m.subject()).scheduledDate(m.scheduledDate()).window(m.window()).batchId(m.batchId())
                .correlationId(m.correlationId()).createdByUserId(m.createdByUserId())
                .externalMessageId(m.externalMessageId()).errorCode(m.errorCode()).errorMessage(m.errorMessage())
                .checkedAddresses(m.checkedAddresses()).sendFallbackSmsOnFailed(m.sendFallbackSmsOnFailed())
                .fallbackMessageId(m.fallbackMessageId()).sentAt(m.sentAt()).deliveredAt(m.deliveredAt())
                .readAt(m.readAt()).createdAt(m.createdAt()).updatedAt(now).dueAt(opening)
                .build();
        MessageEvent event = new MessageEvent(RESCHEDULED, Optional.of(m.status()), MessageStatus.SCHEDULED, now,
                Map.of("dueAt", opening.toString(), "reason", "send_window_closed"));
        return new Transition(next, event);
    }
}
