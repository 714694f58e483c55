package ai.tuco.application.message.port.in;

import ai.tuco.application.shared.port.in.Caller;
import java.util.List;
import java.util.Optional;

/** Lists a workspace's messages newest first, filtered, a page at a time. */
public interface ListMessagesQuery {
    int DEFAULT_LIMIT = 50;
    int MAX_LIMIT = 100;

    /**
     * @param limit page size, 1 to {@link #MAX_LIMIT}
     * @param after the previous page's {@link MessagePage#next()}
     */
    MessagePage list(Caller caller, MessageFilter filter, int limit, Optional<PageCursor> after);

    /** @param next where the following page starts; empty on the last page */
    record MessagePage(List<MessageView> messages, Optional<PageCursor> next) {}
}
