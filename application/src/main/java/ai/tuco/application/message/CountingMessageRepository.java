package ai.tuco.application.message;

import ai.tuco.application.message.port.out.MessageMetrics;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.OnConflict;
import ai.tuco.application.shared.port.out.TransactionRunner;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The one message writer, counted: wraps the repository every message change goes through (accept, claim, send
 * outcome, provider event, cancel, lead deletion, fallback SMS), so no use case can change a message uncounted.
 * Counts are taken after the transaction commits, so a rolled-back change is never counted.
 */
public final class CountingMessageRepository implements MessageRepository {
    /** The statuses counted as "finished": where our part ends (sent) and the final ones. */
    static final Set<MessageStatus> COUNTED = EnumSet.of(MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.FAILED,
            MessageStatus.FALLBACK, MessageStatus.CANCELLED);

    private final MessageRepository delegate;
    private final MessageMetrics metrics;
    private final TransactionRunner tx;
    private final LongSupplier nanoTime;

    public CountingMessageRepository(MessageRepository delegate, MessageMetrics metrics, TransactionRunner tx) {
        this(delegate, metrics, tx, System::nanoTime);
    }

    /** @param nanoTime a monotonic clock in nanoseconds (the batch's time from its write to its commit) */
    CountingMessageRepository(MessageRepository delegate, MessageMetrics metrics, TransactionRunner tx, LongSupplier nanoTime) {
        this.delegate = delegate;
        this.metrics = metrics;
        this.tx = tx;
        this.nanoTime = nanoTime;
    }

    @Override
    public void insertAccepted(Message message, MessageEvent first, Optional<AuditLog.Entry> audit) {
        delegate.insertAccepted(message, first, audit);
        Channel channel = message.channel();
        tx.afterCommit(() -> metrics.accepted(channel));
    }

    @Override
    public Set<MessageId> insertAcceptedAll(List<NewAccept> accepted, OnConflict onConflict) {
        long start = nanoTime.getAsLong();
        Set<MessageId> written = delegate.insertAcceptedAll(accepted, onConflict);
        List<Channel> channels = accepted.stream().filter(a -> written.contains(a.message().id()))
                .map(a -> a.message().channel()).toList();
        tx.afterCommit(() -> {
            channels.forEach(metrics::accepted);
            metrics.acceptBatch(channels.size(), Duration.ofNanos(nanoTime.getAsLong() - start));
        });
        return written;
    }

    @Override
    public List<Message> findAll(Collection<MessageId> ids) {
        return delegate.findAll(ids);
    }

    @Override
    public void recordTransition(Transition transition) {
        delegate.recordTransition(transition);
        count(transition);
    }

    @Override
    public void recordTransitions(List<Transition> transitions) {
        delegate.recordTransitions(transitions);
        transitions.forEach(this::count);
    }

    @Override
    public void recordSendAttempts(List<Transition> transitions) {
        delegate.recordSendAttempts(transitions);
        transitions.forEach(this::count);
    }

    @Override
    public Set<MessageId> recordSendAttemptsIfClaimed(List<ClaimedSend> sends) {
        Set<MessageId> written = delegate.recordSendAttemptsIfClaimed(sends);
        sends.stream().filter(s -> written.contains(s.transition().message().id())).forEach(s -> count(s.transition()));
        return written;
    }

    /** Only real moves: an ignored or repeated event, or a send recorded after the provider moved on, is no transition. */
    private void count(Transition t) {
        MessageEvent e = t.event();
        if (MessageEvent.STATUS_CHANGED.equals(e.type()) && COUNTED.contains(e.toStatus())
                && e.fromStatus().filter(from -> from != e.toStatus()).isPresent()) {
            Channel channel = t.message().channel();
            tx.afterCommit(() -> metrics.finished(e.toStatus(), channel));
        }
    }

    @Override
    public Optional<Message> find(WorkspaceId workspaceId, MessageId id) {
        return delegate.find(workspaceId, id);
    }

    @Override
    public Optional<Message> findForUpdate(WorkspaceId workspaceId, MessageId id) {
        return delegate.findForUpdate(workspaceId, id);
    }

    @Override
    public List<RecordedEvent> events(WorkspaceId workspaceId, MessageId id) {
        return delegate.events(workspaceId, id);
    }

    @Override
    public List<Message> list(WorkspaceId workspaceId, Filter filter, Optional<Cursor> after, int limit, Instant now) {
        return delegate.list(workspaceId, filter, after, limit, now);
    }

    @Override
    public List<Message> findWaitingForUpdate(WorkspaceId workspaceId, Collection<LeadId> leads) {
        return delegate.findWaitingForUpdate(workspaceId, leads);
    }

    @Override
    public Map<LeadId, List<LineId>> recentLines(WorkspaceId workspaceId, Collection<LeadId> leads) {
        return delegate.recentLines(workspaceId, leads);
    }
}
