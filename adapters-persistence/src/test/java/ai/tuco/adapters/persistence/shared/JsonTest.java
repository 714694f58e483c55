package ai.tuco.adapters.persistence.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Flat string maps written by hand are Jackson's text, character for character. */
class JsonTest {
    @Test
    void write_isJacksonsText_forAwkwardKeysAndValues() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("plain", "value");
        map.put("quote\"s", "back\\slash / slash");
        map.put("controls", "\n\r\t\b\f\u0000\u0001\u001f\u007f");
        map.put("unicode", "é ✓ \u2028 \u2029 😀 \ud800");
        map.put("null", null);
        map.put("", "");
        assertThat(Json.write(map)).isEqualTo(Json.writeWithJackson(map));
        assertThat(Json.write(Map.of())).isEqualTo(Json.writeWithJackson(Map.of()));
        assertThat(Json.write(Map.of("k", "v", "a", "b"))).isEqualTo(Json.writeWithJackson(Map.of("k", "v", "a", "b")));
        assertThat(Json.readMap(Json.write(map))).isEqualTo(map);

        SplittableRandom random = new SplittableRandom(11);
        for (int n = 0; n < 2_000; n++) {
            Map<String, String> m = new HashMap<>();
            for (int k = random.nextInt(4); k >= 0; k--) {
                m.put(text(random), random.nextInt(5) == 0 ? null : text(random));
            }
            assertThat(Json.write(m)).isEqualTo(Json.writeWithJackson(m));
        }
    }

    private static String text(SplittableRandom random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            s.append((char) (random.nextInt(3) == 0 ? random.nextInt(0x80) : random.nextInt(0x10000)));
        }
        return s.toString();
    }
}
