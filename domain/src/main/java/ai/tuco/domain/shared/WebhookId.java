package ai.tuco.domain.shared;

/** Id of a webhook endpoint: 24 lowercase hex characters. */
public record WebhookId(String value) {
    public WebhookId {
        ObjectIds.require("WebhookId", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
