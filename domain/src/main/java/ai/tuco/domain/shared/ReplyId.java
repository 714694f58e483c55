package ai.tuco.domain.shared;

/** Id of a reply (a message a recipient sent to a line): 24 lowercase hex characters. */
public record ReplyId(String value) {
    public ReplyId {
        ObjectIds.require("ReplyId", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
