package ai.tuco.domain.shared;

/** Id of one webhook delivery (one event for one endpoint): 24 lowercase hex characters; the {@code webhook-id}. */
public record DeliveryId(String value) {
    public DeliveryId {
        ObjectIds.require("DeliveryId", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
