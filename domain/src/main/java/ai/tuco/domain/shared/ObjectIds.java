package ai.tuco.domain.shared;

import java.util.regex.Pattern;

/** The shape every id on the wire has: 24 lowercase hex characters (a MongoDB ObjectId). */
public final class ObjectIds {
    private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{24}");

    private ObjectIds() {}

    public static boolean isValid(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }

    static String require(String kind, String value) {
        if (!isValid(value)) {
            throw new IllegalArgumentException(kind + " must be 24 lowercase hex characters, got: " + value);
        }
        return value;
    }
}
