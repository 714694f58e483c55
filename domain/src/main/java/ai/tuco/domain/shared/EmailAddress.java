package ai.tuco.domain.shared;

import java.util.Locale;
import java.util.regex.Pattern;

/** A lower-cased email address whose syntax has been checked (a pragmatic subset of RFC 5322 addr-spec). */
public record EmailAddress(String value) {
    private static final Pattern SHAPE = Pattern.compile(
            "[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    public EmailAddress {
        if (value == null || value.length() > 254 || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not an email address: " + value);
        }
    }

    /** Trims and lower-cases {@code raw}; throws IllegalArgumentException when it is not an address. */
    public static EmailAddress parse(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("not an email address: null");
        }
        return new EmailAddress(raw.strip().toLowerCase(Locale.ROOT));
    }

    public static boolean isValid(String raw) {
        try {
            parse(raw);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
