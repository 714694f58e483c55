package ai.tuco.application.reply.port.out;

import ai.tuco.domain.reply.Reply;

/**
 * The reply's event for webhooks ({@code message.reply}), called inside the reply's transaction once it is stored (a
 * repeated report calls nothing). The webhook outbox implements it by inserting one delivery per subscribed endpoint in
 * that same transaction; {@link #NONE} until it does.
 */
public interface ReplyEvents {
    ReplyEvents NONE = reply -> { };

    void recorded(Reply reply);
}
