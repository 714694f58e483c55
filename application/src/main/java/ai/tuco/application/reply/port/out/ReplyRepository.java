package ai.tuco.application.reply.port.out;

import ai.tuco.domain.message.Message;
import ai.tuco.domain.reply.Reply;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Replies in storage, and the reads around them (a line's latest message to an address, a lead's conversation). */
public interface ReplyRepository {
    /** Stores the reply unless its line already has one with its provider id; @return whether it was stored. */
    boolean insertIfAbsent(Reply reply);

    Optional<Reply> findByExternalId(LineId lineId, String externalMessageId);

    /** The latest message of the line to this address (phone or email) that was sent ({@code sentAt} set). */
    Optional<MessageId> latestSentTo(WorkspaceId workspaceId, LineId lineId, String address);

    /** Moves the lead's {@code lastReplyAt} on to {@code receivedAt} (never back). */
    void touchLead(WorkspaceId workspaceId, LeadId leadId, Instant receivedAt);

    /** Newest first by (receivedAt, id). */
    Page list(WorkspaceId workspaceId, Filter filter, int offset, int limit);

    /** For each lead, its latest {@code perLead} replies, newest first. */
    Map<LeadId, List<Reply>> latestOfLeads(WorkspaceId workspaceId, Collection<LeadId> leads, int perLead);

    /** For each lead, the latest {@code perLead} messages sent to it, newest first by {@code sentAt}. */
    Map<LeadId, List<Message>> sentToLeads(WorkspaceId workspaceId, Collection<LeadId> leads, int perLead);

    /** Whom an unsubscribe link of this message lists: its workspace and recipient email (any workspace). */
    Optional<UnsubscribeTarget> unsubscribeTarget(MessageId messageId);

    record Filter(Optional<LeadId> leadId, Optional<LineId> lineId, Optional<MessageId> parentMessageId,
            Optional<String> fromAddress, Optional<Instant> from, Optional<Instant> to) {}

    record Page(List<Reply> replies, long total) {}

    record UnsubscribeTarget(WorkspaceId workspaceId, MessageId messageId, Channel channel, Optional<EmailAddress> email) {}
}
