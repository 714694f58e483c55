package ai.tuco.archfixture.adapterknowsbootstrap.bootstrap;

public final class Wiring {
    public static String value() {
        return "wiring";
    }
}
