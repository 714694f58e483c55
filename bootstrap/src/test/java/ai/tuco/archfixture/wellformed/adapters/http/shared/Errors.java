package ai.tuco.archfixture.wellformed.adapters.http.shared;

public final class Errors {
    public static String notFound() {
        return "not found";
    }
}
