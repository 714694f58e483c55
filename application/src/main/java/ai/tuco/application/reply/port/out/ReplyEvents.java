package ai.tuco.application.reply.port.out;

import ai.tuco.domain.reply.Reply;

/**
 * The reply's event for webhooks ({@code message.reply}), called inside the reply's transaction once it is stored (a
 * repeated report calls nothing). The persistence adapter inserts one webhook delivery per subscribed endpoint in that
 * same transaction; {@link #NONE} records nothing (tests, or a build without webhooks).
 */
public interface ReplyEvents {
    ReplyEvents NONE = reply -> { };

    void recorded(Reply reply);
}
