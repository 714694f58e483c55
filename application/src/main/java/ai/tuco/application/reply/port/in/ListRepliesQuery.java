package ai.tuco.application.reply.port.in;

import ai.tuco.application.message.port.in.MessageView;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.PageRequest;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.reply.Reply;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code GET /api/replies}: the workspace's replies, newest first, each with its lead's conversation around it. */
public interface ListRepliesQuery {
    int CONTEXT = 10;

    /** @throws UseCaseException INVALID naming {@code recipientPhone} / {@code recipientEmail} when not an address */
    ReplyPage list(Caller caller, ReplyFilter filter, PageRequest page);

    /**
     * Empty means any. {@code messageId}: replies whose parent is that message; {@code recipientPhone} /
     * {@code recipientEmail}: replies from that address (the recipient of our messages), as given (normalised here);
     * {@code dateFrom} inclusive, {@code dateTo} exclusive, on {@code receivedAt}.
     */
    record ReplyFilter(Optional<LeadId> leadId, Optional<LineId> lineId, Optional<MessageId> messageId,
            Optional<String> recipientPhone, Optional<String> recipientEmail, Optional<Instant> dateFrom,
            Optional<Instant> dateTo) {
        public static ReplyFilter any() {
            return new ReplyFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }
    }

    /**
     * A reply with its lead's {@code recentReplies} (that lead's latest {@value #CONTEXT} replies, newest first, this
     * one included) and {@code parentMessages} (the latest {@value #CONTEXT} messages sent to that lead, newest first
     * by {@code sentAt}: what the lead may be answering).
     */
    record ReplyView(Reply reply, List<Reply> recentReplies, List<MessageView> parentMessages) {}

    record ReplyPage(List<ReplyView> replies, int page, int limit, long totalCount) {
        public long totalPages() {
            return (totalCount + limit - 1) / limit;
        }
    }
}
