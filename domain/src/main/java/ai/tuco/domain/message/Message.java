package ai.tuco.domain.message;

import static ai.tuco.domain.message.MessageStatus.CANCELLED;
import static ai.tuco.domain.message.MessageStatus.DELIVERED;
import static ai.tuco.domain.message.MessageStatus.FAILED;
import static ai.tuco.domain.message.MessageStatus.FALLBACK;
import static ai.tuco.domain.message.MessageStatus.QUEUED;
import static ai.tuco.domain.message.MessageStatus.SCHEDULED;
import static ai.tuco.domain.message.MessageStatus.SENDING;
import static ai.tuco.domain.message.MessageStatus.SENT;

import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.ReplyId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One message to one lead, from one line, on one channel.
 *
 * <p>A message is born in {@link #accept}: it keeps the template as the client wrote it and works out
 * when it may first go out, from its {@code scheduledDate} and its {@link SendWindow}. If that moment is
 * still ahead it is {@code scheduled}, otherwise {@code queued}; either way {@code dueAt} says when a
 * dispatcher may take it. A scheduled message whose time has come is shown as queued
 * ({@link #visibleStatus}) without being rewritten.
 *
 * <p>A dispatcher {@link #claim claims} a due message ({@code sending}) and asks a provider to send it.
 * The provider either takes it ({@link #markSent sent}, with the provider's id and the text rendered for
 * the lead), refuses it for good ({@link #fail failed}), refuses it for now ({@link #retryLater back to
 * queued} with a later {@code dueAt}), or no address of the lead takes iMessage ({@link #fallback}). Until
 * it is claimed the client may {@link #cancel} it. A message whose send window closed while it waited for its line
 * {@link #waitForWindow waits for the next opening}, scheduled again.
 *
 * <p>After that the provider has the last word, and its events may come late, twice, or before our own
 * record of the send: {@link #applyProviderStatus} takes a forward step (even a skip, such as
 * {@code delivered} while we still say {@code sending}) and records anything else as ignored. A delivered
 * message may still be {@link #markRead read}. A message that did not go out ({@code failed},
 * {@code fallback}, {@code cancelled}) always says why in {@code errorCode} and {@code errorMessage}, and
 * may point at the SMS sent in its place ({@link #linkFallbackMessage}).
 *
 * <p>Every change returns a new message and the event it caused; time always comes in as an argument.
 * Adapters rebuild stored messages through {@link #rehydrate()}, whose {@code build()} checks the same
 * invariants as every transition.
 */
public record Message(
        MessageId id,
        WorkspaceId workspaceId,
        String template,
        Optional<String> renderedMessage,
        Channel channel,
        MessageStatus status,
        LineId lineId,
        LeadId leadId,
        Optional<E164Phone> recipientPhone,
        Optional<EmailAddress> recipientEmail,
        String recipientName,
        Optional<String> subject,
        Optional<Instant> scheduledDate,
        Optional<SendWindow> window,
        Optional<String> batchId,
        String correlationId,
        Optional<UserId> createdByUserId,
        Optional<String> externalMessageId,
        Optional<String> errorCode,
        Optional<String> errorMessage,
        List<String> checkedAddresses,
        boolean sendFallbackSmsOnFailed,
        Optional<MessageId> fallbackMessageId,
        Optional<Instant> sentAt,
        Optional<Instant> deliveredAt,
        Optional<Instant> readAt,
        Instant createdAt,
        Instant updatedAt,
        Instant dueAt,
        int replyCount,
        Optional<Instant> lastReplyAt) {

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(renderedMessage, "renderedMessage");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(recipientPhone, "recipientPhone");
        Objects.requireNonNull(recipientEmail, "recipientEmail");
        Objects.requireNonNull(recipientName, "recipientName");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(scheduledDate, "scheduledDate");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(createdByUserId, "createdByUserId");
        Objects.requireNonNull(externalMessageId, "externalMessageId");
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(errorMessage, "errorMessage");
        Objects.requireNonNull(fallbackMessageId, "fallbackMessageId");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(deliveredAt, "deliveredAt");
        Objects.requireNonNull(readAt, "readAt");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(lastReplyAt, "lastReplyAt");
        if (replyCount < 0 || (replyCount == 0) != lastReplyAt.isEmpty()) {
            throw new IllegalArgumentException("message " + id + ": replyCount " + replyCount
                    + " and lastReplyAt must agree (no replies, no time)");
        }
        checkedAddresses = List.copyOf(checkedAddresses);
        if (status.requiresReason() && (isBlank(errorCode) || isBlank(errorMessage))) {
            throw new IllegalArgumentException(
                    "message " + id + " is " + status.wireName() + " and must carry errorCode and errorMessage");
        }
    }

    /** Creates a message from a client's request; it is scheduled if its first allowed moment is after {@code now}. */
    public static Accepted accept(NewMessage request, Instant now) {
        Instant earliest = request.scheduledDate().filter(s -> s.isAfter(now)).orElse(now);
        Instant due = request.window().map(w -> w.nextOpening(earliest)).orElse(earliest);
        MessageStatus status = due.isAfter(now) ? SCHEDULED : QUEUED;
        Message message = new Builder()
                .id(request.id())
                .workspaceId(request.workspaceId())
                .template(request.template())
                .channel(request.channel())
                .status(status)
                .lineId(request.lineId())
                .leadId(request.leadId())
                .recipientPhone(request.recipientPhone())
                .recipientEmail(request.recipientEmail())
                .recipientName(request.recipientName())
                .subject(request.subject())
                .scheduledDate(request.scheduledDate())
                .window(request.window())
                .batchId(request.batchId())
                .correlationId(request.correlationId())
                .createdByUserId(request.createdByUserId())
                .sendFallbackSmsOnFailed(request.sendFallbackSmsOnFailed())
                .createdAt(now)
                .updatedAt(now)
                .dueAt(due)
                .build();
        MessageEvent event = new MessageEvent(
                MessageEvent.ACCEPTED, Optional.empty(), status, now, Map.of("dueAt", due.toString()));
        return new Accepted(message, event);
    }

    /** Starts rebuilding a stored message (for adapters); {@code build()} checks the invariants. */
    public static Builder rehydrate() {
        return new Builder();
    }

    /** The status a client sees: a scheduled message that is due shows as queued. */
    public MessageStatus visibleStatus(Instant now) {
        return status == SCHEDULED && !dueAt.isAfter(now) ? QUEUED : status;
    }

    /** The client's cancel, or the system's (e.g. LEAD_DELETED); only a message not yet claimed can be cancelled. */
    public Transition cancel(Instant now, String code, String reason) {
        return move(now, CANCELLED, b -> withError(b, code, reason), errorDetail(code, reason));
    }

    public Transition claim(Instant now) {
        return move(now, SENDING, b -> b, Map.of());
    }

    /**
     * The provider took the message. If one of its events already moved the message on (to sent, delivered
     * or failed), only the provider id, the rendered text and the send time are filled in.
     */
    public Transition markSent(Instant now, String externalId, String renderedText) {
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(renderedText, "renderedText");
        UnaryOperator<Builder> record = b -> b.externalMessageId(Optional.of(externalId))
                .renderedMessage(Optional.of(renderedText))
                .sentAt(Optional.of(sentAt.orElse(now)));
        Map<String, String> detail = Map.of("externalMessageId", externalId);
        if (status == SENT || status == DELIVERED || status == FAILED) {
            Message next = record.apply(toBuilder().updatedAt(now)).build();
            return new Transition(next, MessageEvent.of(MessageEvent.SEND_RECORDED, status, status, now, detail));
        }
        return move(now, SENT, record, detail);
    }

    public Transition markDelivered(Instant now) {
        return move(now, DELIVERED, b -> delivered(b, now), Map.of());
    }

    /** A read receipt: sets readAt on a sent or delivered message; anything else is recorded as ignored. */
    public Transition markRead(Instant now) {
        if (status != SENT && status != DELIVERED) {
            return ignored(now, status, "not_sent");
        }
        if (readAt.isPresent()) {
            return ignored(now, status, "repeated");
        }
        Message next = toBuilder().readAt(Optional.of(now)).updatedAt(now).build();
        return new Transition(next, MessageEvent.of(MessageEvent.READ, status, status, now, Map.of()));
    }

    public Transition fail(Instant now, String code, String message) {
        return move(now, FAILED, b -> withError(b, code, message), errorDetail(code, message));
    }

    /** A retryable error: back to queued, due again at {@code nextDueAt}, keeping the error as the last one seen. */
    public Transition retryLater(Instant now, Instant nextDueAt, String code, String message) {
        if (nextDueAt.isBefore(now)) {
            throw new IllegalArgumentException("nextDueAt " + nextDueAt + " is before now " + now);
        }
        Map<String, String> detail = new HashMap<>(errorDetail(code, message));
        detail.put("nextDueAt", nextDueAt.toString());
        return move(now, QUEUED, b -> withError(b, code, message).dueAt(nextDueAt), detail);
    }

    /** No address of the lead takes iMessage; {@code checkedAddresses} lists those tried. */
    public Transition fallback(Instant now, List<String> checkedAddresses, String code, String message) {
        List<String> checked = List.copyOf(checkedAddresses);
        return move(now, FALLBACK, b -> withError(b, code, message).checkedAddresses(checked),
                errorDetail(code, message));
    }

    /**
     * The message's send window closed while it waited (for a line's cap or pacing): it waits again for the window's
     * next opening, {@code scheduled} and due then. This is the one move back to {@code scheduled}; it is kept out of
     * {@link MessageStatus#canMoveTo} so that no client request or provider event can make it.
     */
    public Transition waitForWindow(Instant now) {
        SendWindow w = window.orElseThrow(() -> new IllegalArgumentException("message " + id + " has no send window"));
        if (status != SCHEDULED && status != QUEUED && status != SENDING) {
            throw new IllegalTransition(id, status, SCHEDULED);
        }
        Instant opening = w.nextOpening(now);
        Message next = toBuilder().status(SCHEDULED).updatedAt(now).dueAt(opening).build();
        return new Transition(next, MessageEvent.of(MessageEvent.RESCHEDULED, status, SCHEDULED, now,
                Map.of("dueAt", opening.toString(), "reason", "send_window_closed")));
    }

    /** Points a failed or fallback message at the SMS sent in its place. */
    public Transition linkFallbackMessage(Instant now, MessageId fallbackId) {
        if (!sendFallbackSmsOnFailed || (status != FAILED && status != FALLBACK) || fallbackMessageId.isPresent()) {
            throw new IllegalStateException("message " + id + " (" + status.wireName()
                    + ") cannot take a fallback message: it must be failed or fallback, ask for one and have none yet");
        }
        Message next = toBuilder().fallbackMessageId(Optional.of(fallbackId)).updatedAt(now).build();
        return new Transition(next, MessageEvent.of(
                MessageEvent.FALLBACK_LINKED, status, status, now, Map.of("fallbackMessageId", fallbackId.value())));
    }

    /**
     * A reply answered this message (its parent): counted, and {@code lastReplyAt} moved on to the reply's time when
     * that is later. The status never changes; the event ({@link MessageEvent#REPLIED}) names the reply.
     */
    public Transition recordReply(Instant now, ReplyId replyId, Instant receivedAt) {
        Objects.requireNonNull(replyId, "replyId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Instant last = lastReplyAt.filter(t -> t.isAfter(receivedAt)).orElse(receivedAt);
        Message next = toBuilder().replyCount(replyCount + 1).lastReplyAt(Optional.of(last)).updatedAt(now).build();
        return new Transition(next, MessageEvent.of(MessageEvent.REPLIED, status, status, now,
                Map.of("replyId", replyId.value(), "receivedAt", receivedAt.toString())));
    }

    /**
     * A provider's word on the message. Moves only forward: an allowed move, even one that skips a step, is
     * taken; a repeated, stale or unexpected report is recorded as ignored and the message stays as it is.
     */
    public Transition applyProviderStatus(Instant now, ProviderReport report) {
        MessageStatus reported = report.status();
        if (reported == status) {
            return ignored(now, reported, "repeated");
        }
        if (!status.canMoveTo(reported)) {
            return ignored(now, reported, reported.isForwardOf(status) ? "unexpected" : "stale");
        }
        Map<String, String> source = Map.of("source", "provider");
        return switch (reported) {
            case SENT -> move(now, SENT, b -> b.sentAt(Optional.of(now)), source);
            case DELIVERED -> move(now, DELIVERED, b -> delivered(b, now), source);
            case FAILED -> {
                String code = report.errorCode().orElseThrow();
                String message = report.errorMessage().orElseThrow();
                yield move(now, FAILED, b -> withError(b, code, message),
                        Map.of("source", "provider", "errorCode", code, "errorMessage", message));
            }
            default -> throw new IllegalArgumentException("not a provider status: " + reported);
        };
    }

    private Transition move(Instant now, MessageStatus to, UnaryOperator<Builder> changes, Map<String, String> detail) {
        if (!status.canMoveTo(to)) {
            throw new IllegalTransition(id, status, to);
        }
        Builder b = toBuilder().status(to).updatedAt(now);
        if (to == SENT || to == DELIVERED) {
            b.errorCode(Optional.empty()).errorMessage(Optional.empty());
        }
        Message next = changes.apply(b).build();
        return new Transition(next, MessageEvent.of(MessageEvent.STATUS_CHANGED, status, to, now, detail));
    }

    private Transition ignored(Instant now, MessageStatus reported, String reason) {
        return new Transition(this, MessageEvent.of(MessageEvent.IGNORED, status, reported, now, Map.of("reason", reason)));
    }

    private Builder delivered(Builder b, Instant now) {
        return b.deliveredAt(Optional.of(now)).sentAt(Optional.of(sentAt.orElse(now)));
    }

    private static Builder withError(Builder b, String code, String message) {
        requireText(code, "errorCode");
        requireText(message, "errorMessage");
        return b.errorCode(Optional.of(code)).errorMessage(Optional.of(message));
    }

    private static Map<String, String> errorDetail(String code, String message) {
        requireText(code, "errorCode");
        requireText(message, "errorMessage");
        return Map.of("errorCode", code, "errorMessage", message);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static boolean isBlank(Optional<String> value) {
        return value.filter(s -> !s.isBlank()).isEmpty();
    }

    private Builder toBuilder() {
        return new Builder()
                .id(id).workspaceId(workspaceId).template(template).renderedMessage(renderedMessage)
                .channel(channel).status(status).lineId(lineId).leadId(leadId)
                .recipientPhone(recipientPhone).recipientEmail(recipientEmail).recipientName(recipientName)
                .subject(subject).scheduledDate(scheduledDate).window(window).batchId(batchId)
                .correlationId(correlationId).createdByUserId(createdByUserId).externalMessageId(externalMessageId)
                .errorCode(errorCode).errorMessage(errorMessage).checkedAddresses(checkedAddresses)
                .sendFallbackSmsOnFailed(sendFallbackSmsOnFailed).fallbackMessageId(fallbackMessageId)
                .sentAt(sentAt).deliveredAt(deliveredAt).readAt(readAt)
                .createdAt(createdAt).updatedAt(updatedAt).dueAt(dueAt)
                .replyCount(replyCount).lastReplyAt(lastReplyAt);
    }

    /** Names every field of a message; optional fields start empty, {@code checkedAddresses} empty, name "". */
    public static final class Builder {
        private MessageId id;
        private WorkspaceId workspaceId;
        private String template;
        private Optional<String> renderedMessage = Optional.empty();
        private Channel channel;
        private MessageStatus status;
        private LineId lineId;
        private LeadId leadId;
        private Optional<E164Phone> recipientPhone = Optional.empty();
        private Optional<EmailAddress> recipientEmail = Optional.empty();
        private String recipientName = "";
        private Optional<String> subject = Optional.empty();
        private Optional<Instant> scheduledDate = Optional.empty();
        private Optional<SendWindow> window = Optional.empty();
        private Optional<String> batchId = Optional.empty();
        private String correlationId;
        private Optional<UserId> createdByUserId = Optional.empty();
        private Optional<String> externalMessageId = Optional.empty();
        private Optional<String> errorCode = Optional.empty();
        private Optional<String> errorMessage = Optional.empty();
        private List<String> checkedAddresses = List.of();
        private boolean sendFallbackSmsOnFailed;
        private Optional<MessageId> fallbackMessageId = Optional.empty();
        private Optional<Instant> sentAt = Optional.empty();
        private Optional<Instant> deliveredAt = Optional.empty();
        private Optional<Instant> readAt = Optional.empty();
        private Instant createdAt;
        private Instant updatedAt;
        private Instant dueAt;
        private int replyCount;
        private Optional<Instant> lastReplyAt = Optional.empty();

        private Builder() {}

        public Builder id(MessageId v) { id = v; return this; }
        public Builder workspaceId(WorkspaceId v) { workspaceId = v; return this; }
        public Builder template(String v) { template = v; return this; }
        public Builder renderedMessage(Optional<String> v) { renderedMessage = v; return this; }
        public Builder channel(Channel v) { channel = v; return this; }
        public Builder status(MessageStatus v) { status = v; return this; }
        public Builder lineId(LineId v) { lineId = v; return this; }
        public Builder leadId(LeadId v) { leadId = v; return this; }
        public Builder recipientPhone(Optional<E164Phone> v) { recipientPhone = v; return this; }
        public Builder recipientEmail(Optional<EmailAddress> v) { recipientEmail = v; return this; }
        public Builder recipientName(String v) { recipientName = v; return this; }
        public Builder subject(Optional<String> v) { subject = v; return this; }
        public Builder scheduledDate(Optional<Instant> v) { scheduledDate = v; return this; }
        public Builder window(Optional<SendWindow> v) { window = v; return this; }
        public Builder batchId(Optional<String> v) { batchId = v; return this; }
        public Builder correlationId(String v) { correlationId = v; return this; }
        public Builder createdByUserId(Optional<UserId> v) { createdByUserId = v; return this; }
        public Builder externalMessageId(Optional<String> v) { externalMessageId = v; return this; }
        public Builder errorCode(Optional<String> v) { errorCode = v; return this; }
        public Builder errorMessage(Optional<String> v) { errorMessage = v; return this; }
        public Builder checkedAddresses(List<String> v) { checkedAddresses = v; return this; }
        public Builder sendFallbackSmsOnFailed(boolean v) { sendFallbackSmsOnFailed = v; return this; }
        public Builder fallbackMessageId(Optional<MessageId> v) { fallbackMessageId = v; return this; }
        public Builder sentAt(Optional<Instant> v) { sentAt = v; return this; }
        public Builder deliveredAt(Optional<Instant> v) { deliveredAt = v; return this; }
        public Builder readAt(Optional<Instant> v) { readAt = v; return this; }
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }
        public Builder dueAt(Instant v) { dueAt = v; return this; }
        public Builder replyCount(int v) { replyCount = v; return this; }
        public Builder lastReplyAt(Optional<Instant> v) { lastReplyAt = v; return this; }

        public Message build() {
            return new Message(id, workspaceId, template, renderedMessage, channel, status, lineId, leadId,
                    recipientPhone, recipientEmail, recipientName, subject, scheduledDate, window, batchId,
                    correlationId, createdByUserId, externalMessageId, errorCode, errorMessage, checkedAddresses,
                    sendFallbackSmsOnFailed, fallbackMessageId, sentAt, deliveredAt, readAt, createdAt, updatedAt,
                    dueAt, replyCount, lastReplyAt);
        }
    }
}
