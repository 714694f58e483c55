package ai.tuco.domain.message;

import java.math.BigInteger;
import java.time.DayOfWeek;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Reads and writes {@code allowedDaysOfWeek} entries: 0–6 with 0 = Sunday, or English names ("mon", "monday"). */
public final class WireDays {

    private WireDays() {}

    /** Accepts an integral number 0–6 or a day name, case-insensitive; anything else is an IllegalArgumentException. */
    public static DayOfWeek parseDay(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            return fromNumber(((Number) value).longValue(), value);
        }
        if (value instanceof String s) {
            String name = s.strip().toLowerCase(Locale.ROOT);
            for (DayOfWeek day : DayOfWeek.values()) {
                String full = day.name().toLowerCase(Locale.ROOT);
                if (name.equals(full) || name.equals(full.substring(0, 3))) {
                    return day;
                }
            }
        }
        throw invalid(value);
    }

    /** Parses a non-empty list of entries; duplicates are allowed and collapse. */
    public static Set<DayOfWeek> parseDays(Collection<?> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("allowedDaysOfWeek must name at least one day");
        }
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (Object value : values) {
            days.add(parseDay(value));
        }
        return days;
    }

    /** The wire number of {@code day}: 0 = Sunday … 6 = Saturday. */
    public static int toWire(DayOfWeek day) {
        return day.getValue() % 7;
    }

    private static DayOfWeek fromNumber(long n, Object original) {
        if (n < 0 || n > 6 || (original instanceof BigInteger b && b.bitLength() > 63)) {
            throw invalid(original);
        }
        return n == 0 ? DayOfWeek.SUNDAY : DayOfWeek.of((int) n);
    }

    private static IllegalArgumentException invalid(Object value) {
        String shown = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
        return new IllegalArgumentException("allowedDaysOfWeek entry " + shown
                + " is not a day: use 0-6 (0 = Sunday) or a name such as \"mon\" or \"monday\"");
    }
}
