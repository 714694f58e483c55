package ai.tuco.domain.shared;

/** Id of a workspace: 24 lowercase hex characters. */
public record WorkspaceId(String value) {
    public WorkspaceId {
        ObjectIds.require("WorkspaceId", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
