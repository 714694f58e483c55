package ai.tuco.domain.reply;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.domain.reply.OptOut.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The opt-out keyword rule: the whole text, trimmed and case-folded, against the two keyword lists. */
class OptOutTest {

    static Stream<Arguments> table() {
        return Stream.of(
                // text, provider class, expected kind (null = an ordinary reply), expected keyword
                Arguments.of("STOP", null, Kind.OPT_OUT, "STOP"),
                Arguments.of("stop", null, Kind.OPT_OUT, "STOP"),
                Arguments.of("  Stop \n", null, Kind.OPT_OUT, "STOP"),
                Arguments.of("StopAll", null, Kind.OPT_OUT, "STOPALL"),
                Arguments.of("unsubscribe", null, Kind.OPT_OUT, "UNSUBSCRIBE"),
                Arguments.of("Cancel", null, Kind.OPT_OUT, "CANCEL"),
                Arguments.of("end", null, Kind.OPT_OUT, "END"),
                Arguments.of("QUIT", null, Kind.OPT_OUT, "QUIT"),
                Arguments.of("revoke", null, Kind.OPT_OUT, "REVOKE"),
                Arguments.of("optout", null, Kind.OPT_OUT, "OPTOUT"),
                Arguments.of("opt out", null, Kind.OPT_OUT, "OPT OUT"),
                Arguments.of("Opt   Out", null, Kind.OPT_OUT, "OPT OUT"),
                Arguments.of("remove me", null, Kind.OPT_OUT, "REMOVE ME"),
                Arguments.of("Do Not Contact", null, Kind.OPT_OUT, "DO NOT CONTACT"),
                Arguments.of("start", null, Kind.OPT_IN, "START"),
                Arguments.of(" UNSTOP ", null, Kind.OPT_IN, "UNSTOP"),
                Arguments.of("Yes", null, Kind.OPT_IN, "YES"),
                // not the whole text: an ordinary reply
                Arguments.of("please stop", null, null, null),
                Arguments.of("STOP!", null, null, null),
                Arguments.of("stopp", null, null, null),
                Arguments.of("yes please", null, null, null),
                Arguments.of("opt-out", null, null, null),
                Arguments.of("", null, null, null),
                Arguments.of("Thanks, see you Tuesday", null, null, null),
                // the provider's class wins over the text
                Arguments.of("hello", Kind.OPT_OUT, Kind.OPT_OUT, "provider:STOP"),
                Arguments.of("START", Kind.OPT_OUT, Kind.OPT_OUT, "provider:STOP"),
                Arguments.of("STOP", Kind.OPT_IN, Kind.OPT_IN, "provider:START"),
                Arguments.of("", Kind.OPT_IN, Kind.OPT_IN, "provider:START"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" provider={1} -> {2}")
    @MethodSource("table")
    void keywordTable(String text, Kind provider, Kind expected, String keyword) {
        Optional<OptOut> got = OptOut.of(text, Optional.ofNullable(provider));
        if (expected == null) {
            assertThat(got).isEmpty();
        } else {
            assertThat(got).contains(new OptOut(expected, keyword));
        }
    }

    /** Seeded random spellings of every keyword (case, surrounding white space) classify as the keyword itself. */
    static Stream<Arguments> spellings() {
        Random random = new Random(20260314L);
        List<Arguments> out = new ArrayList<>();
        List<String> words = new ArrayList<>(OptOut.STOP_WORDS);
        words.addAll(OptOut.START_WORDS);
        words.sort(null);
        for (int i = 0; i < 200; i++) {
            String word = words.get(random.nextInt(words.size()));
            StringBuilder b = new StringBuilder();
            b.append(" \t\n".substring(0, random.nextInt(4)));
            for (char c : word.toCharArray()) {
                b.append(random.nextBoolean() ? Character.toLowerCase(c) : c);
                if (c == ' ' && random.nextBoolean()) {
                    b.append(' ');
                }
            }
            b.append("\r\n ".substring(0, random.nextInt(4)));
            out.add(Arguments.of(b.toString(), word));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("spellings")
    void anySpellingOfAKeywordIsThatKeyword(String text, String word) {
        Kind kind = OptOut.STOP_WORDS.contains(word) ? Kind.OPT_OUT : Kind.OPT_IN;
        assertThat(OptOut.of(text, Optional.empty())).contains(new OptOut(kind, word));
        // and a keyword inside a longer text is no keyword
        assertThat(OptOut.of(text + " thanks", Optional.empty())).isEmpty();
        assertThat(OptOut.of(text.toLowerCase(Locale.ROOT), Optional.empty())).contains(new OptOut(kind, word));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("table")
    void theReasonNamesTheKeyword(String text, Kind provider, Kind expected, String keyword) {
        OptOut.of(text, Optional.ofNullable(provider)).filter(o -> o.kind() == Kind.OPT_OUT)
                .ifPresent(o -> assertThat(o.reason()).contains(keyword.replace("provider:", "")));
    }
}
