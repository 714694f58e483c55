package ai.tuco.domain.shared;

/** Id of a user: 24 lowercase hex characters. */
public record UserId(String value) {
    public UserId {
        ObjectIds.require("UserId", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
