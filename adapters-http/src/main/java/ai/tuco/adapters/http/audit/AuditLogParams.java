package ai.tuco.adapters.http.audit;

import ai.tuco.application.audit.port.in.AuditLogCursor;
import ai.tuco.application.audit.port.in.AuditLogFilter;
import ai.tuco.application.audit.port.in.ListAuditLogsQuery;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The query string of {@code GET /api/audit-logs} read into a typed query, and its opaque {@code cursor} codec: base64url
 * of {@code "<at in epoch micros>:<row id>"}. {@code actor} matches an actor's id, or, written {@code TYPE:ID} with a
 * known TYPE ({@code api_key}, {@code user}, {@code cli}, {@code system}), its type and id.
 */
record AuditLogParams(AuditLogFilter filter, int limit, Optional<AuditLogCursor> cursor) {
    static final int MAX_TEXT = 200;
    private static final Set<String> ACTOR_TYPES = Set.of("api_key", "user", "cli", "system");

    /**
     * @param param a query parameter by name, null when absent; an empty value counts as absent
     * @throws UseCaseException VALIDATION_ERROR with one detail per bad parameter, all at once
     */
    static AuditLogParams parse(UnaryOperator<String> param) {
        List<FieldError> errors = new ArrayList<>();
        Optional<String> actor = text(param, "actor", errors);
        Optional<String> actorType = Optional.empty();
        Optional<String> actorId = actor;
        int colon = actor.map(a -> a.indexOf(':')).orElse(-1);
        if (colon > 0 && ACTOR_TYPES.contains(actor.get().substring(0, colon))) {
            actorType = Optional.of(actor.get().substring(0, colon));
            actorId = Optional.of(actor.get().substring(colon + 1));
        }
        Optional<String> action = text(param, "action", errors);
        Optional<String> targetType = text(param, "targetType", errors);
        Optional<String> targetId = text(param, "targetId", errors);
        Optional<Instant> from = instant(param, "from", errors);
        Optional<Instant> to = instant(param, "to", errors);
        int limit = limit(param.apply("limit"), errors);
        Optional<AuditLogCursor> cursor = Optional.empty();
        String rawCursor = param.apply("cursor");
        if (rawCursor != null && !rawCursor.isEmpty()) {
            cursor = decodeCursor(rawCursor);
            if (cursor.isEmpty()) {
                errors.add(new FieldError("cursor", "cursor is not one this API returned"));
            }
        }
        if (!errors.isEmpty()) {
            throw UseCaseException.invalid(errors);
        }
        return new AuditLogParams(new AuditLogFilter(actorType, actorId, action, targetType, targetId, from, to), limit, cursor);
    }

    static String encodeCursor(AuditLogCursor cursor) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, cursor.at());
        String text = micros + ":" + cursor.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Empty for anything {@link #encodeCursor} did not produce. */
    static Optional<AuditLogCursor> decodeCursor(String raw) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            long micros = Long.parseLong(text.substring(0, colon));
            long id = Long.parseLong(text.substring(colon + 1));
            if (id > 0) {
                return Optional.of(new AuditLogCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id));
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException | java.time.DateTimeException e) {
            // not one of ours
        }
        return Optional.empty();
    }

    /** Free text compared for equality: at most {@link #MAX_TEXT} characters, no control characters (NUL included). */
    private static Optional<String> text(UnaryOperator<String> param, String name, List<FieldError> errors) {
        String raw = param.apply(name);
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        if (raw.length() > MAX_TEXT || raw.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(name, name + " must be at most " + MAX_TEXT + " characters without control characters"));
            return Optional.empty();
        }
        return Optional.of(raw);
    }

    private static Optional<Instant> instant(UnaryOperator<String> param, String name, List<FieldError> errors) {
        String raw = param.apply(name);
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(raw).toInstant());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, name + " must be an ISO-8601 date-time with offset"));
            return Optional.empty();
        }
    }

    private static int limit(String raw, List<FieldError> errors) {
        if (raw == null || raw.isEmpty()) {
            return ListAuditLogsQuery.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= ListAuditLogsQuery.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError("limit", "limit must be a whole number from 1 to " + ListAuditLogsQuery.MAX_LIMIT));
        return ListAuditLogsQuery.DEFAULT_LIMIT;
    }
}
