package ai.tuco.domain.shared;

/** Id of a message: 24 lowercase hex characters. */
public record MessageId(String value) {
    public MessageId {
        ObjectIds.require("MessageId", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
