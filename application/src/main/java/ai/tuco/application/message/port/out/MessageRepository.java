package ai.tuco.application.message.port.out;

import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.OnConflict;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageEvent;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.message.RecordedEvent;
import ai.tuco.domain.message.Transition;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Messages, their ordered event history, and their rows in the dispatch queue. */
public interface MessageRepository {
    /** Writes a new message, its first event (seq 1) and its dispatch-queue row. */
    default void insertAccepted(Message message, MessageEvent first) {
        insertAccepted(message, first, Optional.empty());
    }

    /** The same, with the audit entry that records the accept written together with it (one round trip). */
    void insertAccepted(Message message, MessageEvent first, Optional<AuditLog.Entry> audit);

    Optional<Message> find(WorkspaceId workspaceId, MessageId id);

    /** Finds and locks the message row until the transaction ends. */
    Optional<Message> findForUpdate(WorkspaceId workspaceId, MessageId id);

    List<RecordedEvent> events(WorkspaceId workspaceId, MessageId id);

    /**
     * Newest first by (createdAt, id), strictly after {@code after} in that order.
     *
     * @param now to tell a due {@code scheduled} message (shown as queued) from a waiting one
     */
    List<Message> list(WorkspaceId workspaceId, Filter filter, Optional<Cursor> after, int limit, Instant now);

    /**
     * Stores a transition of a message read with {@link #findForUpdate}: the new row, the event appended with the
     * next sequence number, and the queue row removed when the message no longer waits to be sent. Together with
     * {@link #recordTransitions} and {@link #insertAccepted}, the only way a message's change or event is written.
     */
    void recordTransition(Transition transition);

    /** {@link #recordTransition} for several locked messages at once (a bulk cancel), in one round trip. */
    void recordTransitions(List<Transition> transitions);

    /**
     * {@link #recordTransitions} where each transition also counts one send attempt of its message, in the same row
     * update: a row updated twice in one transaction leaves a dead version and has its foreign keys checked again.
     */
    void recordSendAttempts(List<Transition> transitions);

    /**
     * {@link #recordSendAttempts} for sends whose messages were not locked: each transition is written only where its
     * message is still as its claim left it ({@code sending}, the claim's {@code updatedAt}) and the claim's lease is
     * still held (owner and attempt), all in one statement that locks both before it writes. Outside a transaction the
     * statement commits on its own (one round trip for the whole group, its commit included). The transitions must be
     * of distinct messages.
     *
     * @return the ids written; the others were left untouched, for a caller to record under their locks
     */
    Set<MessageId> recordSendAttemptsIfClaimed(List<ClaimedSend> sends);

    /** A send's transition computed from {@code claimed}, the message as its claim wrote it, under that claim's lease. */
    record ClaimedSend(Transition transition, Message claimed, String owner, int attempt) {}

    /**
     * Finds and locks, in id order, the messages of these leads that still wait to be claimed (scheduled, queued or
     * pending); a message a dispatcher claims meanwhile is no longer waiting once its lock is granted, and is left out.
     */
    List<Message> findWaitingForUpdate(WorkspaceId workspaceId, Collection<LeadId> leads);

    /**
     * Writes accepted messages, each with its first event (seq 1), its dispatch-queue row and its audit entry, in one
     * round trip, and records each message's line as its lead's latest. With {@link OnConflict#SKIP} a message whose id
     * is stored already (a batch retried after its commit's outcome was lost) is skipped with all its rows; with
     * {@link OnConflict#FAIL} it fails the write with a unique violation.
     *
     * @return the ids written by this call
     */
    Set<MessageId> insertAcceptedAll(List<NewAccept> accepted, OnConflict onConflict);

    /**
     * An accepted message with its first event and the audit entry recording the accept.
     *
     * @param newLead the message's lead was inserted by the same transaction (so it has no lead line yet)
     */
    record NewAccept(Message message, MessageEvent first, AuditLog.Entry audit, boolean newLead) {}

    /** The stored messages among these ids, of any workspace. */
    List<Message> findAll(Collection<MessageId> ids);

    /** Per lead, the lines that were asked to send to it, the most recent first (from a small table accepts keep). */
    Map<LeadId, List<LineId>> recentLines(WorkspaceId workspaceId, Collection<LeadId> leads);

    /** Filters of a message list; empty means any. Status is the visible one. */
    record Filter(
            Optional<MessageStatus> status,
            Optional<Channel> channel,
            Optional<LineId> lineId,
            Optional<LeadId> leadId,
            Optional<String> batchId,
            Optional<Instant> createdFrom,
            Optional<Instant> createdTo) {}

    /** A position in the (createdAt desc, id desc) order. */
    record Cursor(Instant createdAt, MessageId id) {}
}
