package ai.tuco.domain.message;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message text with {@code {{field}}} and {@code {{field|fallback}}} placeholders, parsed once.
 *
 * <p>Whitespace around the field name and around the fallback is ignored ({@code {{ firstName | there }}}).
 * Anything that is not a complete placeholder with a non-empty name, such as a single brace, an unclosed
 * double brace or an empty placeholder, stays as literal text. Unknown field names are not a parse error: they are
 * listed by {@link #unknownFields()} so the caller can name each of them when it rejects the message.
 */
public final class Template {
    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\{\\{\\s*([^{}|]*?)\\s*(?:\\|([^{}]*))?}}");

    private final String text;
    private final List<Part> parts;

    private Template(String text, List<Part> parts) {
        this.text = text;
        this.parts = parts;
    }

    public static Template parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!text.contains("{{")) { // no placeholder can start: the text is one literal (or nothing)
            return new Template(text, text.isEmpty() ? List.of() : List.of(new Literal(text)));
        }
        List<Part> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int literalStart = 0;
        while (m.find()) {
            String field = m.group(1).strip();
            if (field.isEmpty()) {
                continue;
            }
            if (m.start() > literalStart) {
                parts.add(new Literal(text.substring(literalStart, m.start())));
            }
            parts.add(new Placeholder(field, Optional.ofNullable(m.group(2)).map(String::strip)));
            literalStart = m.end();
        }
        if (literalStart < text.length()) {
            parts.add(new Literal(text.substring(literalStart)));
        }
        return new Template(text, List.copyOf(parts));
    }

    public String text() {
        return text;
    }

    /** The field names the placeholders refer to, each once, in order of first appearance. */
    public List<String> fields() {
        Set<String> fields = new LinkedHashSet<>();
        for (Part part : parts) {
            if (part instanceof Placeholder p) {
                fields.add(p.field());
            }
        }
        return List.copyOf(fields);
    }

    /** The fields that {@link TemplateFields#isKnown} rejects, each once, in order of first appearance. */
    public List<String> unknownFields() {
        return fields().stream().filter(f -> !TemplateFields.isKnown(f)).toList();
    }

    /** Fills the placeholders from {@code values} (field name to value); a missing or blank value takes the fallback. */
    public RenderResult render(Map<String, String> values) {
        StringBuilder out = new StringBuilder(text.length());
        for (Part part : parts) {
            if (part instanceof Literal l) {
                out.append(l.text());
            } else if (part instanceof Placeholder p) {
                String value = values.get(p.field());
                if (value != null && !value.isBlank()) {
                    out.append(value);
                } else if (p.fallback().isPresent()) {
                    out.append(p.fallback().get());
                } else {
                    return new RenderResult.MissingField(p.field());
                }
            }
        }
        return new RenderResult.Rendered(out.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Template t && t.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    private sealed interface Part permits Literal, Placeholder {}

    private record Literal(String text) implements Part {}

    private record Placeholder(String field, Optional<String> fallback) implements Part {}
}
