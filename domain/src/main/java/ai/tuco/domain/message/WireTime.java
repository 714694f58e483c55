package ai.tuco.domain.message;

import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes the {@code HH:mm} times of a send window (00:00–23:59, two digits each). */
public final class WireTime {
    private static final Pattern HH_MM = Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])");

    private WireTime() {}

    public static LocalTime parseHhMm(String value) {
        Matcher m = value == null ? null : HH_MM.matcher(value);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not a time in HH:mm form (00:00-23:59): "
                    + (value == null ? "null" : "\"" + value + "\""));
        }
        return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    public static String formatHhMm(LocalTime time) {
        return String.format("%02d:%02d", time.getHour(), time.getMinute());
    }
}
