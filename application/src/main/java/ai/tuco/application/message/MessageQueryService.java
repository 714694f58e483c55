package ai.tuco.application.message;

import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.message.port.in.CancelMessageUseCase;
import ai.tuco.application.message.port.in.GetMessageQuery;
import ai.tuco.application.message.port.in.ListMessagesQuery;
import ai.tuco.application.message.port.in.MessageView;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.IllegalTransition;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.message.RecordedEvent;
import ai.tuco.domain.message.Transition;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.ObjectIds;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads messages (one, a page, a history) and cancels waiting ones, always within the caller's workspace. */
public final class MessageQueryService implements GetMessageQuery, ListMessagesQuery, CancelMessageUseCase {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;
    static final String CANCELLED_CODE = "CANCELLED_BY_USER";

    private final MessageRepository messages;
    private final LineRepository lines;
    private final AuditLog audit;
    private final TransactionRunner tx;
    private final Clock clock;

    public MessageQueryService(MessageRepository messages, LineRepository lines, AuditLog audit, TransactionRunner tx, Clock clock) {
        this.messages = messages;
        this.lines = lines;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    private static MessageId id(String raw) {
        if (!ObjectIds.isValid(raw)) {
            throw UseCaseException.notFound("Message");
        }
        return new MessageId(raw);
    }

    @Override
    public MessageView get(Caller caller, String messageId) {
        Message message = messages.find(caller.workspace().id(), id(messageId)).orElseThrow(() -> UseCaseException.notFound("Message"));
        return new MessageView(message, lines.findById(message.workspaceId(), message.lineId()));
    }

    @Override
    public List<RecordedEvent> events(Caller caller, String messageId) {
        MessageId id = id(messageId);
        List<RecordedEvent> events = messages.events(caller.workspace().id(), id);
        if (events.isEmpty()) {
            throw UseCaseException.notFound("Message");
        }
        return events;
    }

    @Override
    public MessagePage list(Caller caller, Map<String, String> filters, Optional<String> rawLimit, Optional<String> rawCursor) {
        List<FieldError> errors = new ArrayList<>();
        Optional<MessageStatus> status = parse(filters, "status", errors, "a message status",
                s -> MessageStatus.fromWire(s).orElse(null));
        Optional<Channel> channel = parse(filters, "messageType", errors, "imessage, sms or email", s -> Channel.fromWire(s).orElse(null));
        Optional<LineId> line = parse(filters, "fromLineId", errors, "a 24-character hex id", s -> ObjectIds.isValid(s) ? new LineId(s) : null);
        Optional<LeadId> lead = parse(filters, "leadId", errors, "a 24-character hex id", s -> ObjectIds.isValid(s) ? new LeadId(s) : null);
        Optional<String> batch = Optional.ofNullable(filters.get("batchId")).filter(s -> !s.isEmpty());
        Optional<Instant> from = parse(filters, "createdFrom", errors, "an ISO-8601 date-time with offset", MessageQueryService::instant);
        Optional<Instant> to = parse(filters, "createdTo", errors, "an ISO-8601 date-time with offset", MessageQueryService::instant);
        int limit = DEFAULT_LIMIT;
        if (rawLimit.isPresent()) {
            try {
                limit = Integer.parseInt(rawLimit.get());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                errors.add(new FieldError("limit", "limit must be a whole number from 1 to " + MAX_LIMIT));
            }
        }
        Optional<MessageRepository.Cursor> cursor = rawCursor.filter(s -> !s.isEmpty()).map(c -> decodeCursor(c, errors));
        if (!errors.isEmpty()) {
            throw UseCaseException.invalid(errors);
        }
        var filter = new MessageRepository.Filter(status, channel, line, lead, batch, from, to);
        List<Message> page = messages.list(caller.workspace().id(), filter, cursor, limit + 1, clock.instant());
        Optional<String> next = Optional.empty();
        if (page.size() > limit) {
            page = page.subList(0, limit);
            Message last = page.get(limit - 1);
            next = Optional.of(encodeCursor(last.createdAt(), last.id()));
        }
        Map<LineId, Line> byId = lines.listByWorkspace(caller.workspace().id()).stream()
                .collect(Collectors.toMap(Line::id, l -> l));
        return new MessagePage(page.stream().map(m -> new MessageView(m, Optional.ofNullable(byId.get(m.lineId())))).toList(), next);
    }

    private static <T> Optional<T> parse(Map<String, String> filters, String name, List<FieldError> errors, String expected,
            java.util.function.Function<String, T> parser) {
        String raw = filters.get(name);
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        T value = parser.apply(raw);
        if (value == null) {
            errors.add(new FieldError(name, name + " must be " + expected));
        }
        return Optional.ofNullable(value);
    }

    private static Instant instant(String raw) {
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String encodeCursor(Instant createdAt, MessageId id) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
        return Base64.getUrlEncoder().withoutPadding().encodeToString((micros + ":" + id.value()).getBytes(StandardCharsets.UTF_8));
    }

    private static MessageRepository.Cursor decodeCursor(String raw, List<FieldError> errors) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            long micros = Long.parseLong(text.substring(0, colon));
            String id = text.substring(colon + 1);
            if (ObjectIds.isValid(id)) {
                return new MessageRepository.Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), new MessageId(id));
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException e) {
            // reported below
        }
        errors.add(new FieldError("cursor", "cursor is not one this API returned"));
        return null;
    }

    @Override
    public MessageView cancel(Caller caller, Actor actor, String messageId) {
        caller.requireWritable();
        MessageId id = id(messageId);
        return tx.inTransaction(() -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Message message = messages.findForUpdate(caller.workspace().id(), id)
                    .orElseThrow(() -> UseCaseException.notFound("Message"));
            Transition t;
            try {
                t = message.cancel(now, CANCELLED_CODE, "Cancelled through the API");
            } catch (IllegalTransition e) {
                MessageStatus visible = message.visibleStatus(now);
                throw new UseCaseException(UseCaseException.Kind.CONFLICT, "INVALID_STATUS",
                        "Message is " + visible.wireName() + "; only scheduled or queued messages can be cancelled",
                        List.of(new FieldError("status", visible.wireName())));
            }
            messages.recordTransition(t);
            audit.append(new AuditLog.Entry(Optional.of(caller.workspace().id()), actor, "message.cancel", "message",
                    id.value(), now, Map.of("from", message.status().wireName())));
            return new MessageView(t.message(), lines.findById(message.workspaceId(), message.lineId()));
        });
    }
}
