package ai.tuco.domain.lead;

import java.util.Arrays;
import java.util.Optional;

/** What the last iMessage availability check of a lead found (the contract's {@code availabilityStatus}). */
public enum Availability {
    AVAILABLE("available"),
    UNAVAILABLE("unavailable"),
    /** The check could not be made: no line can ask, or the provider failed or did not answer. */
    ERROR("error");

    private final String wireName;

    Availability(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Availability> fromWire(String wire) {
        return Arrays.stream(values()).filter(a -> a.wireName.equals(wire)).findFirst();
    }
}
