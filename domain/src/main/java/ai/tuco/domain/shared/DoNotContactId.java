package ai.tuco.domain.shared;

/** Id of a do-not-contact entry: 24 lowercase hex characters. */
public record DoNotContactId(String value) {
    public DoNotContactId {
        ObjectIds.require("DoNotContactId", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
