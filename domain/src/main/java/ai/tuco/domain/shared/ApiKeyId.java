package ai.tuco.domain.shared;

/** Id of an API key: 24 lowercase hex characters. */
public record ApiKeyId(String value) {
    public ApiKeyId {
        ObjectIds.require("ApiKeyId", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
