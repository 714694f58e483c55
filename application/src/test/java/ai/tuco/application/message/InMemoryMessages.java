package ai.tuco.application.message;

import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageEvent;
import ai.tuco.domain.message.RecordedEvent;
import ai.tuco.domain.message.Transition;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Messages in memory, with what the last list call asked for and the audit rows written with accepts. */
final class InMemoryMessages implements MessageRepository {
    private static final Comparator<Message> NEWEST_FIRST =
            Comparator.comparing(Message::createdAt).thenComparing(m -> m.id().value()).reversed();

    final Map<MessageId, Message> rows = new LinkedHashMap<>();
    final Map<MessageId, List<RecordedEvent>> history = new HashMap<>();
    final List<AuditLog.Entry> acceptAudits = new ArrayList<>();
    /** The line each lead was last written from (what {@link #lastLineFor} answers). */
    final Map<LeadId, LineId> lastLines = new HashMap<>();
    Filter lastFilter;
    Optional<Cursor> lastCursor;
    int lastLimit;

    @Override
    public void insertAccepted(Message message, MessageEvent first, Optional<AuditLog.Entry> audit) {
        rows.put(message.id(), message);
        history.put(message.id(), new ArrayList<>(List.of(new RecordedEvent(1, first))));
        audit.ifPresent(acceptAudits::add);
        lastLines.put(message.leadId(), message.lineId());
    }

    @Override
    public Optional<Message> find(WorkspaceId workspaceId, MessageId id) {
        return Optional.ofNullable(rows.get(id)).filter(m -> m.workspaceId().equals(workspaceId));
    }

    @Override
    public Optional<Message> findForUpdate(WorkspaceId workspaceId, MessageId id) {
        return find(workspaceId, id);
    }

    @Override
    public List<RecordedEvent> events(WorkspaceId workspaceId, MessageId id) {
        return find(workspaceId, id).map(m -> List.copyOf(history.get(id))).orElse(List.of());
    }

    @Override
    public List<Message> list(WorkspaceId workspaceId, Filter filter, Optional<Cursor> after, int limit, Instant now) {
        lastFilter = filter;
        lastCursor = after;
        lastLimit = limit;
        return rows.values().stream()
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
    public void recordTransition(Transition transition) {
        Message m = transition.message();
        rows.put(m.id(), m);
        List<RecordedEvent> events = history.computeIfAbsent(m.id(), id -> new ArrayList<>());
        events.add(new RecordedEvent(events.size() + 1, transition.event()));
    }

    @Override
    public Optional<LineId> lastLineFor(WorkspaceId workspaceId, LeadId leadId, Channel channel) {
        return Optional.ofNullable(lastLines.get(leadId));
    }

    @Override
    public void recordTransitions(List<Transition> transitions) {
        transitions.forEach(this::recordTransition);
    }

    @Override
    public List<Message> findWaitingForUpdate(WorkspaceId workspaceId, java.util.Collection<LeadId> leads) {
        throw new UnsupportedOperationException("not needed by these tests");
    }
}
