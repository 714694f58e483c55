package ai.tuco.domain.message;

import java.util.Objects;

/** The outcome of rendering a template for one lead: the text, or the first field it could not fill. */
public sealed interface RenderResult {

    /** The text to send. */
    record Rendered(String text) implements RenderResult {
        public Rendered {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A field was missing or blank and its placeholder had no fallback. */
    record MissingField(String field) implements RenderResult {
        public static final String ERROR_CODE = "TEMPLATE_FIELD_MISSING";

        public MissingField {
            Objects.requireNonNull(field, "field");
        }

        public String errorMessage() {
            return "template field '" + field + "' is empty for this lead and has no fallback";
        }
    }
}
