package ai.tuco.application.message;

import ai.tuco.application.message.port.in.SendMessageCommand.Schedule;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.domain.message.SendWindow;
import ai.tuco.domain.message.WireDays;
import ai.tuco.domain.message.WireTime;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads a request's schedule ({@code scheduledDate} and the send window) into domain values, adding one error per broken field. */
final class ScheduleRules {
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    private ScheduleRules() {}

    /** A request's schedule read into domain values. */
    record When(Optional<Instant> scheduledDate, Optional<SendWindow> window) {}

    /** @param errors the request's errors so far, in the contract's order; the schedule's are appended */
    static When read(Schedule s, List<FieldError> errors) {
        Optional<Instant> scheduled = s.scheduledDate().flatMap(raw -> scheduledDate(raw, errors));
        return new When(scheduled, window(s, errors));
    }

    private static Optional<Instant> scheduledDate(String raw, List<FieldError> errors) {
        try {
            OffsetDateTime t = OffsetDateTime.parse(raw.strip());
            if (t.getYear() < 1970 || t.getYear() > 9999) {
                errors.add(new FieldError("scheduledDate", "scheduledDate must be between the years 1970 and 9999"));
                return Optional.empty();
            }
            return Optional.of(t.toInstant());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("scheduledDate",
                    "scheduledDate must be an ISO-8601 date-time with an offset or Z, such as 2026-03-12T22:57:00Z"));
            return Optional.empty();
        }
    }

    private static Optional<SendWindow> window(Schedule s, List<FieldError> errors) {
        boolean anyWindowField = s.sendWindowStart().isPresent() || s.sendWindowEnd().isPresent()
                || s.allowedDaysOfWeek().isPresent();
        Optional<ZoneId> zone = s.timezone().flatMap(tz -> {
            if (!ZONES.contains(tz)) {
                errors.add(new FieldError("timezone", "timezone must be an IANA time zone such as America/New_York"));
                return Optional.empty();
            }
            return Optional.of(ZoneId.of(tz));
        });
        if (anyWindowField && s.timezone().isEmpty()) {
            errors.add(new FieldError("timezone", "timezone is required with sendWindowStart, sendWindowEnd or allowedDaysOfWeek"));
        }
        Optional<LocalTime> start = s.sendWindowStart().flatMap(t -> time(errors, "sendWindowStart", t));
        Optional<LocalTime> end = s.sendWindowEnd().flatMap(t -> time(errors, "sendWindowEnd", t));
        if (s.sendWindowStart().isPresent() != s.sendWindowEnd().isPresent()) {
            String missing = s.sendWindowStart().isPresent() ? "sendWindowEnd" : "sendWindowStart";
            errors.add(new FieldError(missing, "sendWindowStart and sendWindowEnd must be given together"));
        }
        Set<DayOfWeek> days = EnumSet.allOf(DayOfWeek.class);
        if (s.allowedDaysOfWeek().isPresent()) {
            List<Object> raw = s.allowedDaysOfWeek().get();
            if (raw.isEmpty()) {
                errors.add(new FieldError("allowedDaysOfWeek", "allowedDaysOfWeek must not be empty"));
            } else {
                try {
                    days = WireDays.parseDays(raw);
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("allowedDaysOfWeek", "allowedDaysOfWeek: " + e.getMessage()));
                }
            }
        }
        if (zone.isEmpty() || !errors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SendWindow(zone.get(), days, start.orElse(LocalTime.MIDNIGHT), end.orElse(LocalTime.MIDNIGHT)));
    }

    private static Optional<LocalTime> time(List<FieldError> errors, String field, String value) {
        try {
            return Optional.of(WireTime.parseHhMm(value));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, field + " must be HH:mm between 00:00 and 23:59"));
            return Optional.empty();
        }
    }
}
