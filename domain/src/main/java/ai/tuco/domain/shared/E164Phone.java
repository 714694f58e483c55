package ai.tuco.domain.shared;

import java.util.regex.Pattern;

/**
 * A phone number in E.164 form. Only the shape is checked here ({@code +} and 7–15 digits); turning
 * what a user typed into this form needs a phone-number library and sits behind the PhoneNormalizer port.
 */
public record E164Phone(String value) {
    private static final Pattern SHAPE = Pattern.compile("\\+[1-9][0-9]{6,14}");

    public E164Phone {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not an E.164 phone number: " + value);
        }
    }

    public static boolean isValid(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
