package ai.tuco.application.provider.port.out.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One setting of a line's write-only {@code providerConfig}. Every value is stored as a string (numbers and booleans
 * in their canonical text); all of a line's configuration is sealed at rest and never returned, {@code secret} marks
 * the values that must never appear even in logs or reasons. {@code expected} says in words what {@code pattern}
 * asks for: a value that does not match is refused as "{@code providerConfig.<name> must be <expected>}".
 */
public record ConfigField(String name, Type type, boolean required, boolean secret, Optional<String> defaultValue,
        Set<String> allowed, Optional<Pattern> pattern, String description, Optional<String> expected) {

    /** How a value is checked. */
    public enum Type {
        /** A non-empty string of at most 2,000 characters (single line unless {@code pattern} says otherwise). */
        TEXT,
        /** An absolute http(s) URL with a host. */
        URL,
        /** A whole number; {@code allowed} empty means any, else a port is 1–65535 by pattern. */
        PORT,
        /** An email address. */
        EMAIL,
        /** One of {@code allowed}. */
        CHOICE,
        /** true or false. */
        BOOLEAN
    }

    /** A problem with a line's configuration: the field's path ({@code providerConfig.<name>}) and what is wrong. */
    public record Problem(String field, String message) {
        public Problem {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }
    }

    public ConfigField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(expected, "expected");
        allowed = Set.copyOf(allowed);
        description = description == null ? "" : description;
        if (type == Type.CHOICE && allowed.isEmpty()) {
            throw new IllegalArgumentException("a choice field lists its allowed values");
        }
    }

    /** A field whose pattern, if any, is described only by {@code description}. */
    public ConfigField(String name, Type type, boolean required, boolean secret, Optional<String> defaultValue,
            Set<String> allowed, Optional<Pattern> pattern, String description) {
        this(name, type, required, secret, defaultValue, allowed, pattern, description, Optional.empty());
    }

    public static ConfigField required(String name, Type type, String description) {
        return new ConfigField(name, type, true, false, Optional.empty(), Set.of(), Optional.empty(), description);
    }

    public static ConfigField optional(String name, Type type, String description) {
        return new ConfigField(name, type, false, false, Optional.empty(), Set.of(), Optional.empty(), description);
    }

    public static ConfigField secret(String name, boolean required, String description) {
        return new ConfigField(name, Type.TEXT, required, true, Optional.empty(), Set.of(), Optional.empty(), description);
    }

    public static ConfigField choice(String name, Set<String> allowed, String defaultValue, String description) {
        return new ConfigField(name, Type.CHOICE, false, false, Optional.of(defaultValue), allowed, Optional.empty(), description);
    }

    /**
     * The same field, its value also required to match {@code regex}; a value that does not is refused as "is not in
     * the expected format", followed by the field's description. Prefer {@link #matching(String, String)}.
     */
    public ConfigField matching(String regex) {
        return new ConfigField(name, type, required, secret, defaultValue, allowed, Optional.of(Pattern.compile(regex)),
                description, Optional.empty());
    }

    /**
     * The same field, its value also required to match {@code regex}; a value that does not is refused as
     * "{@code providerConfig.<name> must be <expected>}", e.g. {@code matching("AC[0-9a-fA-F]{32}", "AC followed by 32
     * hex characters")}. The refused value is never echoed.
     */
    public ConfigField matching(String regex, String expected) {
        if (expected == null || expected.isBlank()) {
            throw new IllegalArgumentException("expected says what the value must be");
        }
        return new ConfigField(name, type, required, secret, defaultValue, allowed, Optional.of(Pattern.compile(regex)),
                description, Optional.of(expected.strip()));
    }
}
