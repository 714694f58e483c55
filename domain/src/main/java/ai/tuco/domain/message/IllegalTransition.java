package ai.tuco.domain.message;

import ai.tuco.domain.shared.MessageId;

/** A request to move a message where its status graph does not allow (for example cancelling a sent message). */
public class IllegalTransition extends RuntimeException {
    private final MessageId id;
    private final MessageStatus from;
    private final MessageStatus to;

    public IllegalTransition(MessageId id, MessageStatus from, MessageStatus to) {
        super("message " + id + " cannot move from " + from.wireName() + " to " + to.wireName());
        this.id = id;
        this.from = from;
        this.to = to;
    }

    public MessageId id() {
        return id;
    }

    public MessageStatus from() {
        return from;
    }

    public MessageStatus to() {
        return to;
    }
}
