package ai.tuco.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectIdsTest {
    /** The definition, as a regex: the oracle the hand-written check must agree with. */
    private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{24}");

    @ParameterizedTest
    @ValueSource(strings = {"6b0a147420c572d1695224a0", "000000000000000000000000", "ffffffffffffffffffffffff"})
    void wellFormed_isValid(String id) {
        assertThat(ObjectIds.isValid(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "6b0a147420c572d1695224a", "6b0a147420c572d1695224a00", "6B0A147420C572D1695224A0",
            "6b0a147420c572d1695224ag", "6b0a147420c572d1695224a/", "6b0a147420c572d1695224a:", "6b0a147420c572d1695224a`",
            "\uff16b0a147420c572d1695224a0", " 6b0a147420c572d1695224a"})
    void malformed_isNotValid(String id) {
        assertThat(ObjectIds.isValid(id)).isFalse();
    }

    @Test
    void nullIsNotValid() {
        assertThat(ObjectIds.isValid(null)).isFalse();
    }

    static Stream<String> seededCandidates() {
        Random random = new Random(20261127);
        String odd = "ABCDEFg/:`@ -";
        return IntStream.range(0, 2000).mapToObj(i -> {
            int length = random.nextInt(10) == 0 ? random.nextInt(30) : 24;
            StringBuilder b = new StringBuilder();
            for (int j = 0; j < length; j++) {
                b.append(random.nextInt(40) == 0 ? odd.charAt(random.nextInt(odd.length()))
                        : "0123456789abcdef".charAt(random.nextInt(16)));
            }
            return b.toString();
        });
    }

    @ParameterizedTest
    @MethodSource("seededCandidates")
    void agreesWithTheRegexDefinition(String candidate) {
        assertThat(ObjectIds.isValid(candidate)).as(candidate).isEqualTo(SHAPE.matcher(candidate).matches());
    }
}
