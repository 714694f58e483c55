package ai.tuco.domain.message;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.domain.message.RenderResult.MissingField;
import ai.tuco.domain.message.RenderResult.Rendered;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Builds random templates from known parts, then checks that parsing and rendering give them back. */
class TemplateRoundTripTest {
    private static final long SEED = 0x7E3D_1A7EL;
    private static final String LITERAL_CHARS = "ab Z,.!?:{}|\n\té😀";
    private static final String FALLBACK_CHARS = "xy Q,.|-é ";
    private static final List<String> PADDING = List.of("", "", " ", "  ", "\t", "\n");
    private static final List<String> UNKNOWN = List.of("nickname", "FirstName", "customFields.a.b", "first name");

    sealed interface Part permits Literal, Placeholder {}

    record Literal(String text) implements Part {}

    record Placeholder(String field, String padBefore, String padAfter, Optional<String> fallback) implements Part {
        String text() {
            return "{{" + padBefore + field + padAfter + fallback.map(f -> "|" + f).orElse("") + "}}";
        }
    }

    record Case(int index, List<Part> parts, Map<String, String> values) {
        String text() {
            StringBuilder out = new StringBuilder();
            for (Part part : parts) {
                out.append(part instanceof Literal l ? l.text() : ((Placeholder) part).text());
            }
            return out.toString();
        }

        @Override
        public String toString() {
            return "#" + index + " " + text().replace("\n", "\\n").replace("\t", "\\t");
        }
    }

    static Stream<Case> cases() {
        Random random = new Random(SEED);
        return IntStream.range(0, 500).mapToObj(i -> randomCase(i, random));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parseThenRender_givesBackTheLiteralsAndTheFilledPlaceholders(Case c) {
        Template template = Template.parse(c.text());

        assertThat(template.text()).isEqualTo(c.text());
        assertThat(template.fields()).containsExactlyElementsOf(expectedFields(c));
        assertThat(template.unknownFields())
                .containsExactlyElementsOf(expectedFields(c).stream().filter(UNKNOWN::contains).toList());
        assertThat(template.render(c.values())).isEqualTo(expectedRender(c));
    }

    private static List<String> expectedFields(Case c) {
        LinkedHashSet<String> fields = new LinkedHashSet<>();
        c.parts().forEach(p -> {
            if (p instanceof Placeholder ph) {
                fields.add(ph.field());
            }
        });
        return List.copyOf(fields);
    }

    private static RenderResult expectedRender(Case c) {
        StringBuilder out = new StringBuilder();
        for (Part part : c.parts()) {
            if (part instanceof Literal l) {
                out.append(l.text());
                continue;
            }
            Placeholder p = (Placeholder) part;
            String value = c.values().get(p.field());
            if (value != null && !value.isBlank()) {
                out.append(value);
            } else if (p.fallback().isPresent()) {
                out.append(p.fallback().get().strip());
            } else {
                return new MissingField(p.field());
            }
        }
        return new Rendered(out.toString());
    }

    private static Case randomCase(int index, Random random) {
        List<Part> parts = new ArrayList<>();
        Map<String, String> values = new HashMap<>();
        int placeholders = random.nextInt(6);
        for (int i = 0; i <= placeholders; i++) {
            if (random.nextInt(3) > 0) {
                parts.add(new Literal(randomLiteral(random)));
            }
            if (i < placeholders) {
                Placeholder p = randomPlaceholder(random);
                parts.add(p);
                values.computeIfAbsent(p.field(), f -> randomValue(random));
            }
        }
        return new Case(index, List.copyOf(parts), Map.copyOf(values));
    }

    /** Any mix of the characters, braces included, except a closing "}}" that could end an earlier "{{". */
    private static String randomLiteral(Random random) {
        String literal;
        do {
            literal = randomString(random, LITERAL_CHARS, 1 + random.nextInt(12));
        } while (literal.contains("}}"));
        return literal;
    }

    private static Placeholder randomPlaceholder(Random random) {
        String field = switch (random.nextInt(4)) {
            case 0 -> List.copyOf(TemplateFields.STANDARD).get(random.nextInt(TemplateFields.STANDARD.size()));
            case 1 -> TemplateFields.CUSTOM_PREFIX + randomString(random, "abcXYZ019_-", 1 + random.nextInt(6));
            case 2 -> "firstName";
            default -> UNKNOWN.get(random.nextInt(UNKNOWN.size()));
        };
        Optional<String> fallback = random.nextBoolean()
                ? Optional.empty()
                : Optional.of(randomString(random, FALLBACK_CHARS, random.nextInt(6)));
        return new Placeholder(field, pick(random, PADDING), pick(random, PADDING), fallback);
    }

    /** Absent, blank, or a value that may itself look like a placeholder. */
    private static String randomValue(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> pick(random, List.of("", " ", "\t "));
            case 2 -> "{{lastName}}";
            default -> randomString(random, "Adam é{}|", 1 + random.nextInt(8)).strip() + "x";
        };
    }

    private static String randomString(Random random, String alphabet, int length) {
        int[] codePoints = alphabet.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return out.toString();
    }

    private static <T> T pick(Random random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
