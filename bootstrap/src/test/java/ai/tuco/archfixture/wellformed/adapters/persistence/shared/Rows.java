package ai.tuco.archfixture.wellformed.adapters.persistence.shared;

public final class Rows {
    public static String column(String name) {
        return name;
    }
}
