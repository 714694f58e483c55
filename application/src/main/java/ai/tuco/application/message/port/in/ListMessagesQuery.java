package ai.tuco.application.message.port.in;

import ai.tuco.application.shared.port.in.Caller;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lists a workspace's messages newest first, filtered, a page at a time. */
public interface ListMessagesQuery {
    /**
     * @param filters raw query parameters: status, messageType, fromLineId, leadId, batchId, createdFrom, createdTo
     * @param limit raw {@code limit} (1–100, default 50)
     * @param cursor the previous page's {@code nextCursor}
     */
    MessagePage list(Caller caller, Map<String, String> filters, Optional<String> limit, Optional<String> cursor);

    record MessagePage(List<MessageView> messages, Optional<String> nextCursor) {}
}
