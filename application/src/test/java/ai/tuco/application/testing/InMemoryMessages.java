package ai.tuco.application.testing;

import ai.tuco.application.dispatch.port.out.LineGate;
import ai.tuco.application.message.port.out.MessageRepository;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Messages, their histories and their queue rows in memory, kept the way the real repository keeps them: an accept
 * writes event 1 and a queue row; a transition appends the next event and removes the queue row once the message
 * no longer waits to be sent; {@code list} filters and pages newest first. Records the audit rows written with
 * accepts and the last {@code list} call. {@link #queue} is shared with {@link FakeDispatchQueue}.
 */
public class InMemoryMessages implements MessageRepository {
    private static final Comparator<Message> NEWEST_FIRST =
            Comparator.comparing(Message::createdAt).thenComparing(m -> m.id().value()).reversed();
    private static final Set<MessageStatus> WAITING =
            Set.of(MessageStatus.SCHEDULED, MessageStatus.QUEUED, MessageStatus.PENDING, MessageStatus.SENDING);

    private final Map<MessageId, Message> messages = new LinkedHashMap<>();
    private final Map<MessageId, List<RecordedEvent>> events = new LinkedHashMap<>();
    /** The dispatch-queue rows, by message. */
    final Map<MessageId, QueueRow> queue = new LinkedHashMap<>();
    private final List<Transition> recorded = new ArrayList<>();
    private final List<AuditLog.Entry> acceptAudits = new ArrayList<>();
    private ListCall lastList;
    private int bulkWrites;

    /** The arguments of a {@code list} call. */
    public record ListCall(Filter filter, Optional<Cursor> after, int limit) {}

    /** A dispatch-queue row: when it is due and who holds its lease. */
    public static final class QueueRow {
        public Instant dueAt;
        public String owner;
        public Instant leaseUntil;
        public int attempt;
        public Optional<LineGate.Reservation.Reserved> reserved = Optional.empty();
        public int sendAttempts;

        QueueRow(Instant dueAt) {
            this.dueAt = dueAt;
        }
    }

    /** Stores a message as accepted (event 1, queue row), as {@code insertAccepted} would. */
    public Message add(Message message) {
        insertAccepted(message, new MessageEvent(MessageEvent.ACCEPTED, Optional.empty(), message.status(),
                message.createdAt(), Map.of("dueAt", message.dueAt().toString())));
        return message;
    }

    @Override
    public void insertAccepted(Message message, MessageEvent first, Optional<AuditLog.Entry> audit) {
        if (messages.putIfAbsent(message.id(), message) != null) {
            throw new IllegalStateException("duplicate message id " + message.id());
        }
        events.put(message.id(), new ArrayList<>(List.of(new RecordedEvent(1, first))));
        queue.put(message.id(), new QueueRow(message.dueAt()));
        audit.ifPresent(acceptAudits::add);
    }

    @Override
    public Optional<Message> find(WorkspaceId workspaceId, MessageId id) {
        return Optional.ofNullable(messages.get(id)).filter(m -> m.workspaceId().equals(workspaceId));
    }

    @Override
    public Optional<Message> findForUpdate(WorkspaceId workspaceId, MessageId id) {
        return find(workspaceId, id);
    }

    @Override
    public List<RecordedEvent> events(WorkspaceId workspaceId, MessageId id) {
        return find(workspaceId, id).map(m -> List.copyOf(events.get(id))).orElse(List.of());
    }

    @Override
    public List<Message> list(WorkspaceId workspaceId, Filter filter, Optional<Cursor> after, int limit, Instant now) {
        lastList = new ListCall(filter, after, limit);
        return messages.values().stream()
                .filter(m -> m.workspaceId().equals(workspaceId))
                .filter(m -> filter.status().map(s -> m.visibleStatus(now) == s).orElse(true))
                .filter(m -> filter.channel().map(c -> m.channel() == c).orElse(true))
                .filter(m -> filter.lineId().map(l -> m.lineId().equals(l)).orElse(true))
                .filter(m -> filter.leadId().map(l -> m.leadId().equals(l)).orElse(true))
                .filter(m -> filter.batchId().map(b -> m.batchId().equals(Optional.of(b))).orElse(true))
                .filter(m -> filter.createdFrom().map(f -> !m.createdAt().isBefore(f)).orElse(true))
                .filter(m -> filter.createdTo().map(t -> !m.createdAt().isAfter(t)).orElse(true))
                .filter(m -> after.map(c -> isAfter(m, c)).orElse(true))
                .sorted(NEWEST_FIRST)
                .limit(limit)
                .toList();
    }

    private static boolean isAfter(Message m, Cursor c) {
        int byTime = m.createdAt().compareTo(c.createdAt());
        return byTime < 0 || (byTime == 0 && m.id().value().compareTo(c.id().value()) < 0);
    }

    @Override
    public void recordTransition(Transition t) {
        Message m = t.message();
        if (!messages.containsKey(m.id())) {
            throw new IllegalStateException("no message " + m.id());
        }
        messages.put(m.id(), m);
        List<RecordedEvent> history = events.get(m.id());
        history.add(new RecordedEvent(history.size() + 1, t.event()));
        if (!WAITING.contains(m.status())) {
            queue.remove(m.id());
        }
        recorded.add(t);
    }

    @Override
    public void recordTransitions(List<Transition> transitions) {
        bulkWrites++;
        transitions.forEach(this::recordTransition);
    }

    @Override
    public void recordSendAttempts(List<Transition> transitions) {
        recordTransitions(transitions);
    }

    /** As the statement does: only where the row is still the claim's and the lease is still held. */
    @Override
    public Set<MessageId> recordSendAttemptsIfClaimed(List<ClaimedSend> sends) {
        Set<MessageId> written = new java.util.HashSet<>();
        for (ClaimedSend s : sends) {
            MessageId id = s.claimed().id();
            Message stored = messages.get(id);
            QueueRow row = queue.get(id);
            if (stored != null && stored.equals(s.claimed()) && row != null && s.owner().equals(row.owner)
                    && row.attempt == s.attempt()) {
                recordTransition(s.transition());
                written.add(id);
            }
        }
        return written;
    }

    @Override
    public List<Message> findWaitingForUpdate(WorkspaceId workspaceId, Collection<LeadId> leads) {
        return messages.values().stream()
                .filter(m -> m.workspaceId().equals(workspaceId) && leads.contains(m.leadId()))
                .filter(m -> m.status() == MessageStatus.SCHEDULED || m.status() == MessageStatus.QUEUED
                        || m.status() == MessageStatus.PENDING)
                .sorted(Comparator.comparing((Message m) -> m.id().value()))
                .toList();
    }

    @Override
    public Set<MessageId> insertAcceptedAll(List<NewAccept> accepted, OnConflict onConflict) {
        if (onConflict == OnConflict.FAIL) {
            accepted.stream().filter(a -> messages.containsKey(a.message().id())).findFirst().ifPresent(a -> {
                throw new InMemoryDuplicate("message " + a.message().id().value());
            });
        }
        Set<MessageId> written = new LinkedHashSet<>();
        for (NewAccept a : accepted) {
            if (!messages.containsKey(a.message().id())) {
                insertAccepted(a.message(), a.first(), Optional.of(a.audit()));
                written.add(a.message().id());
            }
        }
        return written;
    }

    @Override
    public List<Message> findAll(Collection<MessageId> ids) {
        return ids.stream().map(messages::get).filter(Objects::nonNull).toList();
    }

    @Override
    public Map<LeadId, List<LineId>> recentLines(WorkspaceId workspaceId, Collection<LeadId> leads) {
        Map<LeadId, List<LineId>> recent = new HashMap<>();
        messages.values().stream()
                .filter(m -> m.workspaceId().equals(workspaceId) && leads.contains(m.leadId()))
                .sorted(NEWEST_FIRST)
                .forEach(m -> {
                    List<LineId> lines = recent.computeIfAbsent(m.leadId(), k -> new ArrayList<>());
                    if (!lines.contains(m.lineId())) {
                        lines.add(m.lineId());
                    }
                });
        return recent;
    }

    /** The stored message. */
    public Message get(MessageId id) {
        return Optional.ofNullable(messages.get(id)).orElseThrow(() -> new AssertionError("no message " + id));
    }

    /** Every stored message, in insertion order. */
    public List<Message> all() {
        return List.copyOf(messages.values());
    }

    /** The message's events, oldest first. */
    public List<MessageEvent> history(MessageId id) {
        return events.get(id).stream().map(RecordedEvent::event).toList();
    }

    /** Transitions recorded through either write method, in order. */
    public List<Transition> recorded() {
        return List.copyOf(recorded);
    }

    /** The audit rows written with accepts, in order. */
    public List<AuditLog.Entry> acceptAudits() {
        return List.copyOf(acceptAudits);
    }

    /** The arguments of the last {@code list} call. */
    public ListCall lastList() {
        return lastList;
    }

    /** How many times {@link #recordTransitions} was called. */
    public int bulkWrites() {
        return bulkWrites;
    }

    public boolean isQueued(MessageId id) {
        return queue.containsKey(id);
    }

    public Optional<QueueRow> queueRow(MessageId id) {
        return Optional.ofNullable(queue.get(id));
    }
}
