package ai.tuco.domain.shared;

/** Id of a lead: 24 lowercase hex characters. */
public record LeadId(String value) {
    public LeadId {
        ObjectIds.require("LeadId", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
