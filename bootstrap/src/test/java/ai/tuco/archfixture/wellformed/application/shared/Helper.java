package ai.tuco.archfixture.wellformed.application.shared;

/** A root helper of shared, open to every capability. */
public final class Helper {
    public static String trim(String s) {
        return s.strip();
    }
}
