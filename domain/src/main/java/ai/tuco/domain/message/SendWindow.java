package ai.tuco.domain.message;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * When a message may be sent: allowed days and a daily local-time window in one time zone.
 *
 * <p>"No window" is not a value of this type: call sites hold an {@code Optional<SendWindow>} and an empty
 * one means "any time". Start is inclusive and end exclusive; {@code start == end} means the whole
 * calendar day; a window that crosses midnight (start after end) belongs to the day it opens on. Whether
 * an instant is inside depends only on its local wall-clock time, so in a fall-back overlap both
 * occurrences of a wall time are inside or outside together; an opening that falls in a spring-forward
 * gap happens at the end of the gap.
 */
public record SendWindow(ZoneId zone, Set<DayOfWeek> days, LocalTime start, LocalTime end) {

    /** Openings are looked for over a week plus slack for windows that cross midnight. */
    private static final int SEARCH_DAYS = 8;

    public SendWindow {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a send window needs at least one allowed day");
        }
        days = Collections.unmodifiableSet(EnumSet.copyOf(days));
    }

    /** A window open between {@code start} and {@code end} on every day of the week. */
    public static SendWindow everyDay(ZoneId zone, LocalTime start, LocalTime end) {
        return new SendWindow(zone, EnumSet.allOf(DayOfWeek.class), start, end);
    }

    /** A window open all day on the given days. */
    public static SendWindow wholeDays(ZoneId zone, Set<DayOfWeek> days) {
        return new SendWindow(zone, days, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
    }

    public boolean isWholeDay() {
        return start.equals(end);
    }

    public boolean crossesMidnight() {
        return start.isAfter(end);
    }

    public boolean contains(Instant instant) {
        return containsWallTime(LocalDateTime.ofInstant(instant, zone));
    }

    /** The first instant at or after {@code from} at which the window is open. */
    public Instant nextOpening(Instant from) {
        if (contains(from)) {
            return from;
        }
        // The window can only open where the wall clock reaches an opening time or jumps (a DST transition).
        return candidateOpenings(from).stream()
                .filter(c -> !c.isBefore(from) && contains(c))
                .min(Instant::compareTo)
                .orElseThrow(() -> new IllegalStateException("no opening of " + this + " after " + from));
    }

    private boolean containsWallTime(LocalDateTime wallTime) {
        LocalDate date = wallTime.toLocalDate();
        LocalTime time = wallTime.toLocalTime();
        if (isWholeDay()) {
            return allowed(date);
        }
        boolean afterStart = !time.isBefore(start);
        boolean beforeEnd = time.isBefore(end);
        if (crossesMidnight()) {
            return (allowed(date) && afterStart) || (allowed(date.minusDays(1)) && beforeEnd);
        }
        return allowed(date) && afterStart && beforeEnd;
    }

    private boolean allowed(LocalDate date) {
        return days.contains(date.getDayOfWeek());
    }

    private List<Instant> candidateOpenings(Instant from) {
        ZoneRules rules = zone.getRules();
        List<Instant> candidates = new ArrayList<>();
        LocalDate first = LocalDate.ofInstant(from, zone).minusDays(1);
        LocalTime opening = isWholeDay() ? LocalTime.MIDNIGHT : start;
        for (int i = 0; i <= SEARCH_DAYS + 1; i++) {
            LocalDate date = first.plusDays(i);
            if (allowed(date)) {
                candidates.addAll(instantsOf(date.atTime(opening), rules));
            }
        }
        Instant horizon = from.plus(Duration.ofDays(SEARCH_DAYS + 1));
        for (ZoneOffsetTransition t = rules.nextTransition(from);
                t != null && t.getInstant().isBefore(horizon);
                t = rules.nextTransition(t.getInstant())) {
            candidates.add(t.getInstant());
        }
        return candidates;
    }

    /** Every instant showing {@code wallTime}; for a wall time in a gap, the end of the gap. */
    private static List<Instant> instantsOf(LocalDateTime wallTime, ZoneRules rules) {
        List<ZoneOffset> offsets = rules.getValidOffsets(wallTime);
        if (offsets.isEmpty()) {
            return List.of(rules.getTransition(wallTime).getInstant());
        }
        return offsets.stream().map(wallTime::toInstant).toList();
    }
}
