package ai.tuco.domain.message;

import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SUNDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SendWindowTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId LORD_HOWE = ZoneId.of("Australia/Lord_Howe");

    // 2026-03-09 is a Monday; New York springs forward on Sunday 2026-03-08 and falls back on 2026-11-01.
    private static Instant ny(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(NEW_YORK).toInstant();
    }

    private static SendWindow nyWindow(Set<DayOfWeek> days, String start, String end) {
        return new SendWindow(NEW_YORK, days, LocalTime.parse(start), LocalTime.parse(end));
    }

    @Test
    void givenWindow_startIsInclusive() {
        SendWindow window = nyWindow(EnumSet.allOf(DayOfWeek.class), "09:00", "17:00");

        assertThat(window.contains(ny("2026-03-09T09:00"))).isTrue();
        assertThat(window.contains(ny("2026-03-09T08:59:59.999"))).isFalse();
    }

    @Test
    void givenWindow_endIsExclusive() {
        SendWindow window = nyWindow(EnumSet.allOf(DayOfWeek.class), "09:00", "17:00");

        assertThat(window.contains(ny("2026-03-09T16:59:59.999"))).isTrue();
        assertThat(window.contains(ny("2026-03-09T17:00"))).isFalse();
        assertThat(window.nextOpening(ny("2026-03-09T17:00"))).isEqualTo(ny("2026-03-10T09:00"));
    }

    @Test
    void givenStartEqualToEnd_windowCoversTheWholeAllowedDay() {
        SendWindow window = nyWindow(Set.of(MONDAY), "09:00", "09:00");

        assertThat(window.isWholeDay()).isTrue();
        assertThat(window.contains(ny("2026-03-09T00:00"))).isTrue();
        assertThat(window.contains(ny("2026-03-09T23:59:59"))).isTrue();
        assertThat(window.contains(ny("2026-03-10T00:00"))).isFalse();
        assertThat(window.nextOpening(ny("2026-03-08T12:00"))).isEqualTo(ny("2026-03-09T00:00"));
    }

    @Test
    void givenWindowCrossingMidnight_itBelongsToTheDayItOpensOn() {
        SendWindow window = nyWindow(Set.of(MONDAY), "22:00", "06:00");

        assertThat(window.crossesMidnight()).isTrue();
        assertThat(window.contains(ny("2026-03-09T22:00"))).isTrue();
        assertThat(window.contains(ny("2026-03-10T05:59"))).isTrue();
        assertThat(window.contains(ny("2026-03-10T06:00"))).isFalse();
        assertThat(window.contains(ny("2026-03-09T00:00"))).isFalse();
        assertThat(window.contains(ny("2026-03-09T05:00"))).isFalse();
        assertThat(window.nextOpening(ny("2026-03-09T01:00"))).isEqualTo(ny("2026-03-09T22:00"));
    }

    @Test
    void givenOpeningInsideSpringForwardGap_windowOpensWhenTheGapEnds() {
        SendWindow window = nyWindow(EnumSet.allOf(DayOfWeek.class), "02:30", "04:00");
        Instant beforeGap = Instant.parse("2026-03-08T06:00:00Z"); // 01:00 EST

        Instant opening = window.nextOpening(beforeGap);

        assertThat(opening).isEqualTo(Instant.parse("2026-03-08T07:00:00Z"));
        assertThat(opening.atZone(NEW_YORK).toLocalTime()).isEqualTo(LocalTime.of(3, 0));
        assertThat(window.contains(opening)).isTrue();
        assertThat(window.contains(opening.minusNanos(1))).isFalse();
    }

    @Test
    void givenHalfHourShiftOnLordHowe_openingInsideTheGapMovesToItsEnd() {
        ZoneOffsetTransition springForward =
                LORD_HOWE.getRules().nextTransition(Instant.parse("2026-09-01T00:00:00Z"));
        assertThat(springForward.isGap()).isTrue();
        assertThat(springForward.getDuration()).isEqualTo(Duration.ofMinutes(30));
        SendWindow window = new SendWindow(LORD_HOWE, EnumSet.allOf(DayOfWeek.class),
                springForward.getDateTimeBefore().toLocalTime().plusMinutes(10), LocalTime.of(5, 0));

        Instant opening = window.nextOpening(springForward.getInstant().minus(Duration.ofHours(1)));

        assertThat(opening).isEqualTo(springForward.getInstant());
        assertThat(opening.atZone(LORD_HOWE).toLocalTime()).isEqualTo(springForward.getDateTimeAfter().toLocalTime());
    }

    @Test
    void givenFallBackOverlap_bothOccurrencesOfAnInsideWallTimeAreInside() {
        SendWindow window = nyWindow(EnumSet.allOf(DayOfWeek.class), "01:00", "01:30");
        Instant firstQuarterPast = Instant.parse("2026-11-01T05:15:00Z"); // 01:15 EDT
        Instant secondQuarterPast = Instant.parse("2026-11-01T06:15:00Z"); // 01:15 EST
        Instant firstQuarterTo = Instant.parse("2026-11-01T05:45:00Z"); // 01:45 EDT

        assertThat(window.contains(firstQuarterPast)).isTrue();
        assertThat(window.contains(secondQuarterPast)).isTrue();
        assertThat(window.contains(firstQuarterTo)).isFalse();
        assertThat(window.nextOpening(firstQuarterTo)).isEqualTo(Instant.parse("2026-11-01T06:00:00Z"));
    }

    @Test
    void givenFallBackOverlap_wallClockJumpingBackIntoTheWindowOpensIt() {
        SendWindow window = nyWindow(EnumSet.allOf(DayOfWeek.class), "00:30", "01:30");
        Instant afterFirstClosing = Instant.parse("2026-11-01T05:40:00Z"); // 01:40 EDT

        assertThat(window.nextOpening(afterFirstClosing)).isEqualTo(Instant.parse("2026-11-01T06:00:00Z"));
    }

    @Test
    void givenInstantInsideWindow_nextOpeningIsThatInstant() {
        SendWindow window = nyWindow(EnumSet.allOf(DayOfWeek.class), "09:00", "17:00");
        Instant inside = ny("2026-03-09T12:34:56.789");

        assertThat(window.nextOpening(inside)).isEqualTo(inside);
    }

    @Test
    void givenSingleAllowedDayJustMissed_nextOpeningIsAWeekLater() {
        SendWindow window = nyWindow(Set.of(SUNDAY), "09:00", "09:01");

        assertThat(window.nextOpening(ny("2026-03-15T09:01"))).isEqualTo(ny("2026-03-22T09:00"));
    }

    @Test
    void givenZoneWithoutDst_windowFollowsLocalTime() {
        SendWindow window = SendWindow.everyDay(ZoneId.of("Asia/Kolkata"), LocalTime.of(9, 0), LocalTime.of(18, 0));

        assertThat(window.nextOpening(Instant.parse("2026-06-01T00:00:00Z")))
                .isEqualTo(ZonedDateTime.parse("2026-06-01T09:00+05:30[Asia/Kolkata]").toInstant());
    }

    @Test
    void givenNoAllowedDay_constructionIsRefused() {
        assertThatThrownBy(() -> nyWindow(Set.of(), "09:00", "17:00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one allowed day");
    }

    @Test
    void givenMissingPart_constructionIsRefused() {
        assertThatThrownBy(() -> new SendWindow(null, Set.of(MONDAY), LocalTime.NOON, LocalTime.MIDNIGHT))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("zone");
    }

    @Test
    void givenMutableDaySet_windowKeepsItsOwnUnmodifiableCopy() {
        Set<DayOfWeek> days = new HashSet<>(Set.of(MONDAY));
        SendWindow window = nyWindow(days, "09:00", "17:00");
        days.add(SUNDAY);

        assertThat(window.days()).containsExactly(MONDAY);
        assertThatThrownBy(() -> window.days().add(SUNDAY)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void wholeDays_isOpenAllDayOnTheGivenDays() {
        SendWindow window = SendWindow.wholeDays(NEW_YORK, Set.of(MONDAY));

        assertThat(window.contains(ny("2026-03-09T00:00"))).isTrue();
        assertThat(window.contains(ny("2026-03-10T00:00"))).isFalse();
    }
}
