package ai.tuco.domain.webhook;

import ai.tuco.domain.message.MessageEvent;
import java.util.List;
import java.util.Optional;

/** The event names a webhook may subscribe to (the contract's), and which message events fire them. */
public final class WebhookEvents {
    public static final String SENT = "message.sent";
    public static final String DELIVERED = "message.delivered";
    public static final String FAILED = "message.failed";
    public static final String FALLBACK = "message.fallback";
    public static final String OPENED = "message.opened";
    public static final String CANCELLED = "message.cancelled";
    /** Accepted in subscriptions now; fires once inbound replies exist. */
    public static final String REPLY = "message.reply";

    public static final List<String> ALL = List.of(SENT, DELIVERED, FAILED, FALLBACK, OPENED, CANCELLED, REPLY);

    private WebhookEvents() {}

    public static boolean isKnown(String name) {
        return ALL.contains(name);
    }

    /**
     * The webhook event a message event fires: a status change into sent, delivered, failed, fallback or cancelled,
     * or a read receipt (opened). Everything else (accepted, claimed, retried, ignored, rescheduled...) fires none.
     */
    public static Optional<String> of(MessageEvent e) {
        if (MessageEvent.READ.equals(e.type())) {
            return Optional.of(OPENED);
        }
        if (!MessageEvent.STATUS_CHANGED.equals(e.type())) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (e.toStatus()) {
            case SENT -> SENT;
            case DELIVERED -> DELIVERED;
            case FAILED -> FAILED;
            case FALLBACK -> FALLBACK;
            case CANCELLED -> CANCELLED;
            default -> null;
        });
    }
}
