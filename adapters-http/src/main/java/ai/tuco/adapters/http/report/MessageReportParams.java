package ai.tuco.adapters.http.report;

import ai.tuco.application.report.port.in.ReportGroupBy;
import ai.tuco.application.report.port.in.ReportRequest;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.ObjectIds;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The query string of {@code GET /api/reports/messages} read into a {@link ReportRequest}: {@code from} and {@code to}
 * ISO-8601 with an offset, {@code groupBy} one of the wire names (default {@code day}), {@code timezone} a zone id such
 * as {@code America/Los_Angeles} (default {@code UTC}), {@code batchId} (1 to 128 characters), {@code lineId} (an id).
 * An empty value counts as absent. The period's defaults and bounds are the use case's.
 */
final class MessageReportParams {
    static final int MAX_BATCH_ID = 128;
    static final ZoneId UTC = ZoneId.of("UTC");
    /** PostgreSQL's timestamps reach further, but nothing sensible lies outside these. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    private static final String GROUP_BYS = Arrays.stream(ReportGroupBy.values()).map(ReportGroupBy::wireName)
            .collect(Collectors.joining(", "));

    private MessageReportParams() {}

    /** @throws UseCaseException VALIDATION_ERROR with one detail per bad parameter, all at once */
    static ReportRequest parse(UnaryOperator<String> param) {
        List<FieldError> errors = new ArrayList<>();
        Optional<Instant> from = instant(param, "from", errors);
        Optional<Instant> to = instant(param, "to", errors);
        ReportGroupBy groupBy = ReportGroupBy.DAY;
        String rawGroupBy = present(param, "groupBy");
        if (rawGroupBy != null) {
            groupBy = ReportGroupBy.fromWire(rawGroupBy).orElse(ReportGroupBy.DAY);
            if (ReportGroupBy.fromWire(rawGroupBy).isEmpty()) {
                errors.add(new FieldError("groupBy", "groupBy must be one of " + GROUP_BYS));
            }
        }
        ZoneId zone = UTC;
        String rawZone = present(param, "timezone");
        if (rawZone != null) {
            try {
                zone = ZoneId.of(rawZone);
            } catch (DateTimeException e) {
                errors.add(new FieldError("timezone", "timezone must be an IANA time zone such as America/Los_Angeles"));
            }
        }
        Optional<String> batchId = Optional.ofNullable(present(param, "batchId"));
        if (batchId.isPresent() && (batchId.get().length() > MAX_BATCH_ID || batchId.get().chars().anyMatch(Character::isISOControl))) {
            errors.add(new FieldError("batchId", "batchId must be 1 to " + MAX_BATCH_ID + " characters without control characters"));
        }
        Optional<LineId> lineId = Optional.empty();
        String rawLine = present(param, "lineId");
        if (rawLine != null) {
            if (ObjectIds.isValid(rawLine)) {
                lineId = Optional.of(new LineId(rawLine));
            } else {
                errors.add(new FieldError("lineId", "lineId must be a 24-character hex id"));
            }
        }
        if (!errors.isEmpty()) {
            throw UseCaseException.invalid(errors);
        }
        return new ReportRequest(from, to, groupBy, zone, batchId, lineId);
    }

    private static String present(UnaryOperator<String> param, String name) {
        String raw = param.apply(name);
        return raw == null || raw.isEmpty() ? null : raw;
    }

    private static Optional<Instant> instant(UnaryOperator<String> param, String name, List<FieldError> errors) {
        String raw = present(param, name);
        if (raw == null) {
            return Optional.empty();
        }
        try {
            Instant instant = OffsetDateTime.parse(raw).toInstant();
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                errors.add(new FieldError(name, name + " must be between the years 1 and 9999"));
                return Optional.empty();
            }
            return Optional.of(instant);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, name + " must be an ISO-8601 date-time with offset"));
            return Optional.empty();
        }
    }
}
