package ai.tuco.adapters.http.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Wire times written by hand are the formatter's text. */
class JsonSupportTest {
    @Test
    void time_isTheFormattersText_atTheEdgesAndAtRandom() {
        List<Instant> instants = new ArrayList<>(List.of(
                Instant.EPOCH, Instant.EPOCH.minusNanos(1), Instant.parse("2026-03-12T22:57:00.856789Z"),
                Instant.parse("2024-02-29T23:59:59.999999999Z"), Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("0000-12-31T23:59:59.999Z"), Instant.parse("9999-12-31T23:59:59.999999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0005-06-01T12:00:00Z")));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            instants.add(Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 260_000_000_000L), random.nextInt(1_000_000_000)));
        }
        for (Instant t : instants) {
            assertThat(JsonSupport.time(t)).as("%s", t).isEqualTo(JsonSupport.TIME.format(t));
        }
        assertThat(JsonSupport.time(null)).isNull();
    }
}
