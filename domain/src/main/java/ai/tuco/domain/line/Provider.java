package ai.tuco.domain.line;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who actually carries a line's messages: the name of a provider this service loads (built in, or a plugin). Which
 * names exist, and the channels each carries, is known only to the providers loaded at run time; this type only keeps
 * the name well-formed: lower case letters, digits and dashes, 1 to 40 characters.
 */
public record Provider(String name) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,40}");

    /** The built-in provider of the demo lines (no network). */
    public static final Provider SANDBOX = new Provider("sandbox");

    public Provider {
        Objects.requireNonNull(name, "name");
        if (!isValid(name)) {
            throw new IllegalArgumentException("a provider name is 1 to 40 of a-z, 0-9 and -");
        }
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The name as lines carry it on the wire (the same as {@link #name()}). */
    public String wireName() {
        return name;
    }

    /** The provider of that name, when the name is well-formed (whether it is loaded is another question). */
    public static Optional<Provider> fromWire(String value) {
        return isValid(value) ? Optional.of(new Provider(value)) : Optional.empty();
    }

    @Override
    public String toString() {
        return name;
    }
}
