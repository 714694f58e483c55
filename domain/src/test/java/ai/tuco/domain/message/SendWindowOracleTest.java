package ai.tuco.domain.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks {@link SendWindow} against a brute-force oracle: every minute of an 8-day horizon is judged by an
 * independent {@code contains}, and {@code nextOpening} must be the first open minute found by walking.
 */
class SendWindowOracleTest {
    private static final long SEED = 0x5EED_2026L;
    private static final int CASES = 2_000;
    private static final int HORIZON_MINUTES = 8 * 24 * 60;
    private static final int NEXT_OPENING_SAMPLES = 20;
    private static final List<ZoneId> ZONES = Stream.of(
            "America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe").map(ZoneId::of).toList();
    /** Local times around the usual DST transitions and midnight, to hit gaps, overlaps and day edges. */
    private static final List<LocalTime> EDGE_TIMES = Stream.of(
            "00:00", "00:30", "01:00", "01:30", "01:59", "02:00", "02:15", "02:30", "02:59", "03:00", "03:30",
            "06:00", "22:00", "23:30", "23:59").map(LocalTime::parse).toList();
    private static final long FROM_EPOCH_SECOND = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond();
    private static final long TO_EPOCH_SECOND = Instant.parse("2036-01-01T00:00:00Z").getEpochSecond();

    record Case(int index, SendWindow window, Instant from) {
        @Override
        public String toString() {
            return "#" + index + " " + window.zone() + " " + window.days() + " " + window.start() + "-"
                    + window.end() + " from " + from + " (" + LocalDateTime.ofInstant(from, window.zone()) + " local)";
        }
    }

    static Stream<Case> cases() {
        Random random = new Random(SEED);
        return IntStream.range(0, CASES).mapToObj(i -> randomCase(i, random));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void containsAndNextOpeningAgreeWithMinuteByMinuteOracle(Case c) {
        SendWindow window = c.window();
        boolean[] open = new boolean[HORIZON_MINUTES];
        for (int m = 0; m < HORIZON_MINUTES; m++) {
            Instant t = c.from().plusSeconds(60L * m);
            open[m] = oracleContains(window, t);
            if (window.contains(t) != open[m]) {
                assertThat(window.contains(t))
                        .as("contains(%s) (%s local)", t, LocalDateTime.ofInstant(t, window.zone()))
                        .isEqualTo(open[m]);
            }
        }
        int[] nextOpen = nextOpenMinutes(open);
        assertThat(nextOpen[0]).as("an open minute within the horizon").isNotNegative();

        assertThat(window.nextOpening(c.from())).isEqualTo(minute(c, nextOpen[0]));
        Instant halfMinuteLater = c.from().plusSeconds(30);
        assertThat(window.nextOpening(halfMinuteLater))
                .isEqualTo(open[0] ? halfMinuteLater : minute(c, nextOpen[1]));

        int lastWithOpening = lastIndexWithOpening(nextOpen);
        for (int m = 1; m <= lastWithOpening; m++) {
            if (open[m - 1] && !open[m]) {
                assertThat(window.nextOpening(minute(c, m)))
                        .as("nextOpening(%s) just after a closing", minute(c, m))
                        .isEqualTo(minute(c, nextOpen[m]));
            }
        }
        Random random = new Random(SEED + c.index());
        for (int i = 0; i < NEXT_OPENING_SAMPLES; i++) {
            int m = random.nextInt(lastWithOpening + 1);
            assertThat(window.nextOpening(minute(c, m)))
                    .as("nextOpening(%s)", minute(c, m))
                    .isEqualTo(minute(c, nextOpen[m]));
        }
    }

    /** The window as a reader of the rules would check it: find the opening day, compare wall-clock times. */
    static boolean oracleContains(SendWindow w, Instant t) {
        LocalDateTime local = t.atZone(w.zone()).toLocalDateTime();
        if (w.start().equals(w.end())) {
            return w.days().contains(local.getDayOfWeek());
        }
        for (int daysBack = 0; daysBack <= 1; daysBack++) {
            LocalDate openingDay = local.toLocalDate().minusDays(daysBack);
            if (!w.days().contains(openingDay.getDayOfWeek())) {
                continue;
            }
            LocalDateTime opens = openingDay.atTime(w.start());
            LocalDateTime closes = (w.end().isAfter(w.start()) ? openingDay : openingDay.plusDays(1)).atTime(w.end());
            if (!local.isBefore(opens) && local.isBefore(closes)) {
                return true;
            }
        }
        return false;
    }

    /** For each minute, the first open minute at or after it, or -1 when none is left in the horizon. */
    private static int[] nextOpenMinutes(boolean[] open) {
        int[] next = new int[open.length];
        int following = -1;
        for (int m = open.length - 1; m >= 0; m--) {
            if (open[m]) {
                following = m;
            }
            next[m] = following;
        }
        return next;
    }

    private static int lastIndexWithOpening(int[] nextOpen) {
        int m = nextOpen.length - 1;
        while (nextOpen[m] < 0) {
            m--;
        }
        return m;
    }

    private static Instant minute(Case c, int m) {
        return c.from().plusSeconds(60L * m);
    }

    private static Case randomCase(int index, Random random) {
        ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
        LocalTime start = randomTime(random);
        LocalTime end = random.nextInt(5) == 0 ? start : randomTime(random);
        SendWindow window = new SendWindow(zone, randomDays(random), start, end);
        return new Case(index, window, randomFrom(zone, random));
    }

    private static LocalTime randomTime(Random random) {
        if (random.nextInt(10) < 4) {
            return EDGE_TIMES.get(random.nextInt(EDGE_TIMES.size()));
        }
        return LocalTime.of(random.nextInt(24), random.nextInt(60));
    }

    private static Set<DayOfWeek> randomDays(Random random) {
        int kind = random.nextInt(10);
        if (kind < 3) {
            return EnumSet.of(DayOfWeek.of(1 + random.nextInt(7)));
        }
        if (kind < 4) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        int mask = 1 + random.nextInt(127);
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            if ((mask & (1 << (d.getValue() - 1))) != 0) {
                days.add(d);
            }
        }
        return days;
    }

    /**
     * Half the start instants lie near a DST transition: some within a few hours of it (so the wall clock can
     * jump back into a window), the others within three days before or one day after it.
     */
    private static Instant randomFrom(ZoneId zone, Random random) {
        Instant base = Instant.ofEpochSecond(
                FROM_EPOCH_SECOND + (long) (random.nextDouble() * (TO_EPOCH_SECOND - FROM_EPOCH_SECOND)));
        ZoneOffsetTransition transition = zone.getRules().nextTransition(base);
        if (random.nextBoolean() && transition != null) {
            long offsetMinutes = random.nextBoolean()
                    ? random.nextInt(8 * 60) - 6 * 60
                    : random.nextInt(4 * 24 * 60) - 3 * 24 * 60;
            base = transition.getInstant().plus(Duration.ofMinutes(offsetMinutes));
        }
        return base.truncatedTo(ChronoUnit.MINUTES);
    }
}
