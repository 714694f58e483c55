package ai.tuco.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.DayOfWeek;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class WireDaysTest {

    static Stream<Arguments> validEntries() {
        return Stream.of(
                Arguments.of(0, DayOfWeek.SUNDAY),
                Arguments.of(1, DayOfWeek.MONDAY),
                Arguments.of(6, DayOfWeek.SATURDAY),
                Arguments.of(3L, DayOfWeek.WEDNESDAY),
                Arguments.of(BigInteger.valueOf(5), DayOfWeek.FRIDAY),
                Arguments.of("mon", DayOfWeek.MONDAY),
                Arguments.of("monday", DayOfWeek.MONDAY),
                Arguments.of("MONDAY", DayOfWeek.MONDAY),
                Arguments.of("Sun", DayOfWeek.SUNDAY),
                Arguments.of(" thu ", DayOfWeek.THURSDAY),
                Arguments.of("saturday", DayOfWeek.SATURDAY));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("validEntries")
    void parseDay_acceptsNumbersAndNames(Object entry, DayOfWeek expected) {
        assertThat(WireDays.parseDay(entry)).isEqualTo(expected);
    }

    static Stream<Object> invalidEntries() {
        return Stream.of(7, -1, 1.0, 2.5, "mo", "funday", "1", "", true, null,
                new BigInteger("100000000000000000001"), List.of(1));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidEntries")
    void parseDay_refusesAnythingElseNamingTheEntry(Object entry) {
        assertThatThrownBy(() -> WireDays.parseDay(entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowedDaysOfWeek entry")
                .hasMessageContaining("0 = Sunday");
    }

    @Test
    void parseDays_collapsesDuplicatesAndMixedForms() {
        assertThat(WireDays.parseDays(List.of(1, "mon", "tuesday", 0)))
                .containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.SUNDAY);
    }

    @Test
    void parseDays_refusesAnEmptyList() {
        assertThatThrownBy(() -> WireDays.parseDays(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one day");
    }

    @ParameterizedTest
    @EnumSource(DayOfWeek.class)
    void toWire_roundTripsThroughParseDay(DayOfWeek day) {
        assertThat(WireDays.parseDay(WireDays.toWire(day))).isEqualTo(day);
        assertThat(WireDays.toWire(day)).isBetween(0, 6);
    }

    @Test
    void toWire_numbersSundayZero() {
        assertThat(Arrays.stream(DayOfWeek.values()).map(WireDays::toWire)).containsExactly(1, 2, 3, 4, 5, 6, 0);
    }
}
