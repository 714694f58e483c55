package ai.tuco.adapters.http.message;

import ai.tuco.application.message.port.in.ListMessagesQuery;
import ai.tuco.application.message.port.in.MessageFilter;
import ai.tuco.application.message.port.in.PageCursor;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.ObjectIds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The query string of {@code GET /api/messages} read into a typed query, and the opaque {@code cursor} codec: base64url
 * of {@code "<createdAt in epoch micros>:<id>"}, so cursors handed out before stay valid.
 */
record MessageListParams(MessageFilter filter, int limit, Optional<PageCursor> cursor) {

    /**
     * @param param a query parameter by name, null when absent; an empty value counts as absent
     * @throws UseCaseException VALIDATION_ERROR with one detail per bad parameter, all at once
     */
    static MessageListParams parse(UnaryOperator<String> param) {
        List<FieldError> errors = new ArrayList<>();
        MessageFilter filter = filter(param, errors);
        int limit = limit(param.apply("limit"), errors);
        String rawCursor = param.apply("cursor");
        Optional<PageCursor> cursor = Optional.empty();
        if (rawCursor != null && !rawCursor.isEmpty()) {
            cursor = decodeCursor(rawCursor);
            if (cursor.isEmpty()) {
                errors.add(new FieldError("cursor", "cursor is not one this API returned"));
            }
        }
        if (!errors.isEmpty()) {
            throw UseCaseException.invalid(errors);
        }
        return new MessageListParams(filter, limit, cursor);
    }

    /** The list's filters alone (the export takes them too), each bad one added to {@code errors}. */
    static MessageFilter filter(UnaryOperator<String> param, List<FieldError> errors) {
        Optional<MessageStatus> status = parse(param, "status", errors, "a message status", s -> MessageStatus.fromWire(s).orElse(null));
        Optional<Channel> channel = parse(param, "messageType", errors, "imessage, sms or email", s -> Channel.fromWire(s).orElse(null));
        Optional<LineId> line = parse(param, "fromLineId", errors, "a 24-character hex id", s -> ObjectIds.isValid(s) ? new LineId(s) : null);
        Optional<LeadId> lead = parse(param, "leadId", errors, "a 24-character hex id", s -> ObjectIds.isValid(s) ? new LeadId(s) : null);
        Optional<String> batch = Optional.ofNullable(param.apply("batchId")).filter(s -> !s.isEmpty());
        Optional<Instant> from = parse(param, "createdFrom", errors, "an ISO-8601 date-time with offset", MessageListParams::instant);
        Optional<Instant> to = parse(param, "createdTo", errors, "an ISO-8601 date-time with offset", MessageListParams::instant);
        return new MessageFilter(status, channel, line, lead, batch, from, to);
    }

    static String encodeCursor(PageCursor cursor) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, cursor.createdAt());
        String text = micros + ":" + cursor.id().value();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Empty for anything {@link #encodeCursor} did not produce. */
    static Optional<PageCursor> decodeCursor(String raw) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            long micros = Long.parseLong(text.substring(0, colon));
            String id = text.substring(colon + 1);
            if (ObjectIds.isValid(id)) {
                return Optional.of(new PageCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), new MessageId(id)));
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException e) {
            // not one of ours
        }
        return Optional.empty();
    }

    private static int limit(String raw, List<FieldError> errors) {
        if (raw == null) {
            return ListMessagesQuery.DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > ListMessagesQuery.MAX_LIMIT) {
            errors.add(new FieldError("limit", "limit must be a whole number from 1 to " + ListMessagesQuery.MAX_LIMIT));
        }
        return limit;
    }

    private static <T> Optional<T> parse(UnaryOperator<String> param, String name, List<FieldError> errors, String expected,
            Function<String, T> parser) {
        String raw = param.apply(name);
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
}
