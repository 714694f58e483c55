package ai.tuco.application.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.dispatch.port.out.DispatchQueue;
import ai.tuco.domain.shared.LineId;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How many messages a claim takes from a line: about a span of its recent sends (ADR 32). */
class ClaimSizesTest {
    private static final LineId FAST = new LineId("a".repeat(24));
    private static final LineId SLOW = new LineId("b".repeat(24));
    private static final LineId NEW = new LineId("c".repeat(24));

    private final ClaimSizes sizes = new ClaimSizes(Duration.ofSeconds(1), 50);

    private void times(LineId line, int n, Duration each) {
        for (int i = 0; i < n; i++) {
            sizes.sent(line, each);
        }
    }

    @Test
    void aLineNotTimedYet_givesOne() {
        assertThat(sizes.of(NEW)).isEqualTo(1);
        assertThat(sizes.perLine()).isEqualTo(new DispatchQueue.PerLine(Map.of(), 1));
    }

    @Test
    void aFastLine_givesTheMost_andASlowOne_whatFitsInTheSpan() {
        times(FAST, 20, Duration.ofMillis(2));
        times(SLOW, 20, Duration.ofMillis(300));

        assertThat(sizes.of(FAST)).as("1 s of 2 ms sends is 500, capped").isEqualTo(50);
        assertThat(sizes.of(SLOW)).as("1 s of 300 ms sends").isEqualTo(3);
        assertThat(sizes.perLine()).isEqualTo(new DispatchQueue.PerLine(Map.of(FAST, 50, SLOW, 3), 1));
    }

    @Test
    void aLineIdleForTenMinutes_isForgotten_andALineOfOne_isNotBound() {
        long[] now = {0};
        ClaimSizes clocked = new ClaimSizes(Duration.ofSeconds(1), 50, () -> now[0]);
        clocked.sent(FAST, Duration.ofMillis(10));
        clocked.sent(SLOW, Duration.ofSeconds(2));
        assertThat(clocked.perLine()).as("the slow line gives one, as unknown lines do")
                .isEqualTo(new DispatchQueue.PerLine(Map.of(FAST, 50), 1));

        now[0] = Duration.ofMinutes(9).toNanos();
        clocked.sent(NEW, Duration.ofMillis(250));
        now[0] = Duration.ofMinutes(10).toNanos() + 1;
        assertThat(clocked.perLine()).as("the two lines idle for ten minutes are gone")
                .isEqualTo(new DispatchQueue.PerLine(Map.of(NEW, 4), 1));
        assertThat(clocked.of(FAST)).as("forgotten: one until timed again").isEqualTo(1);
    }

    @Test
    void aProviderThatHangsOnce_shrinksTheLinesClaims_butNotToOneAtOnce() {
        times(FAST, 20, Duration.ofMillis(40)); // 25 a claim
        sizes.sent(FAST, Duration.ofMillis(400));
        assertThat(sizes.of(FAST)).as("one slow send moves the mean a fifth of the way: 112 ms")
                .isEqualTo(8);
        times(FAST, 30, Duration.ofMillis(40));
        assertThat(sizes.of(FAST)).as("and fast sends bring it back").isEqualTo(24);
    }

    @Test
    void aLineThatNeverAnswersInTheSpan_givesOne() {
        times(SLOW, 5, Duration.ofSeconds(30));
        assertThat(sizes.of(SLOW)).isEqualTo(1);
    }

    @Test
    void aZeroSpan_givesEveryLineTheMost_whateverItsSpeed() {
        ClaimSizes fixed = new ClaimSizes(Duration.ZERO, 10);
        fixed.sent(SLOW, Duration.ofSeconds(5));
        assertThat(fixed.of(SLOW)).isEqualTo(10);
        assertThat(fixed.of(NEW)).isEqualTo(10);
        assertThat(fixed.perLine()).isEqualTo(DispatchQueue.PerLine.all(10));
    }

    @Test
    void badSettings_areRefused() {
        assertThatThrownBy(() -> new ClaimSizes(Duration.ofMillis(-1), 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClaimSizes(Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DispatchQueue.PerLine(Map.of(FAST, 0), 1)).isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Arguments> seeds() {
        return LongStream.range(0, 25).mapToObj(Arguments::of);
    }

    /** Property: any history of send times gives a size between 1 and the most, and a slower line never gives more. */
    @ParameterizedTest
    @MethodSource("seeds")
    void anyHistory_givesASizeWithinBounds_andSlowerNeverGivesMore(long seed) {
        Random random = new Random(seed);
        int max = 1 + random.nextInt(100);
        ClaimSizes one = new ClaimSizes(Duration.ofMillis(1 + random.nextInt(5000)), max);
        long base = random.nextInt(2_000_000_000);
        for (int i = 0, n = 1 + random.nextInt(40); i < n; i++) {
            long nanos = (long) (random.nextDouble() * base);
            one.sent(FAST, Duration.ofNanos(nanos));
            one.sent(SLOW, Duration.ofNanos(nanos * 2 + random.nextInt(1000)));
            assertThat(one.of(FAST)).isBetween(1, max);
            assertThat(one.of(SLOW)).isBetween(1, max).isLessThanOrEqualTo(one.of(FAST));
        }
    }
}
