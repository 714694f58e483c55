package ai.tuco.domain.shared;

/** Id of a line: 24 lowercase hex characters. */
public record LineId(String value) {
    public LineId {
        ObjectIds.require("LineId", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
