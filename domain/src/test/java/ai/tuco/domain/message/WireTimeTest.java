package ai.tuco.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class WireTimeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"00:00, 0, 0", "09:05, 9, 5", "12:30, 12, 30", "23:59, 23, 59"})
    void parseHhMm_acceptsTwoDigitHoursAndMinutes(String text, int hour, int minute) {
        assertThat(WireTime.parseHhMm(text)).isEqualTo(LocalTime.of(hour, minute));
        assertThat(WireTime.formatHhMm(LocalTime.of(hour, minute))).isEqualTo(text);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"9:00", "24:00", "12:60", "12:5", "12:00:00", " 09:00", "09:00 ", "0900", "ab:cd", "٠٩:٠٠"})
    void parseHhMm_refusesAnythingElse(String text) {
        assertThatThrownBy(() -> WireTime.parseHhMm(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HH:mm");
    }
}
