package ai.tuco.domain.shared;

/** The shape every id on the wire has: 24 lowercase hex characters (a MongoDB ObjectId). */
public final class ObjectIds {
    private ObjectIds() {}

    public static boolean isValid(String value) {
        // a loop, not a regex: every id of every request passes through here
        if (value == null || value.length() != 24) {
            return false;
        }
        for (int i = 0; i < 24; i++) {
            char c = value.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    static String require(String kind, String value) {
        if (!isValid(value)) {
            throw new IllegalArgumentException(kind + " must be 24 lowercase hex characters, got: " + value);
        }
        return value;
    }
}
