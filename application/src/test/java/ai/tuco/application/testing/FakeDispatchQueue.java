package ai.tuco.application.testing;

import ai.tuco.application.dispatch.port.out.DispatchQueue;
import ai.tuco.application.dispatch.port.out.LineGate;
import ai.tuco.application.testing.InMemoryMessages.QueueRow;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.shared.MessageId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The dispatch queue over {@link InMemoryMessages}' queue rows, fenced by (owner, attempt) as the real one is. */
public final class FakeDispatchQueue implements DispatchQueue {
    private final InMemoryMessages messages;

    public FakeDispatchQueue(InMemoryMessages messages) {
        this.messages = messages;
    }

    @Override
    public List<Candidate> lockDue(Instant now, int limit, PerLine perLine) {
        Map<ai.tuco.domain.shared.LineId, Integer> taken = new java.util.HashMap<>(); // a line's rows so far, in due order
        return messages.queue.entrySet().stream()
                .filter(e -> e.getValue().owner == null && !e.getValue().dueAt.isAfter(now))
                .sorted(Comparator.comparing((Map.Entry<MessageId, QueueRow> e) -> e.getValue().dueAt)
                        .thenComparing(e -> e.getKey().value()))
                .filter(e -> taken.merge(messages.get(e.getKey()).lineId(), 1, Integer::sum)
                        <= perLine.sizes().getOrDefault(messages.get(e.getKey()).lineId(), perLine.otherwise()))
                .limit(limit)
                .map(e -> new Candidate(messages.get(e.getKey()), e.getValue().attempt, e.getValue().sendAttempts))
                .toList();
    }

    @Override
    public int lease(MessageId id, String owner, Instant leaseUntil, Optional<LineGate.Reservation.Reserved> reserved) {
        QueueRow row = row(id);
        row.owner = owner;
        row.leaseUntil = leaseUntil;
        row.attempt++;
        row.reserved = reserved;
        return row.attempt;
    }

    @Override
    public Locked lockForOutcomes(List<HeldLease> held) {
        Map<MessageId, Message> found = new java.util.HashMap<>();
        Map<MessageId, Lease> leases = new java.util.HashMap<>();
        for (HeldLease h : held) {
            messages.all().stream().filter(m -> m.id().equals(h.id())).findFirst().ifPresent(m -> {
                found.put(h.id(), m);
                lockLease(h.id(), h.owner(), h.attempt()).ifPresent(l -> leases.put(h.id(), l));
            });
        }
        return new Locked(found, leases);
    }

    @Override
    public void reschedule(MessageId id, Instant dueAt) {
        row(id).dueAt = dueAt;
    }

    @Override
    public Optional<Lease> lockLease(MessageId id, String owner, int attempt) {
        return Optional.ofNullable(messages.queue.get(id))
                .filter(r -> owner.equals(r.owner) && r.attempt == attempt)
                .map(r -> new Lease(r.attempt, r.reserved));
    }

    @Override
    public boolean isQueued(MessageId id) {
        return messages.queue.containsKey(id);
    }

    @Override
    public boolean requeue(MessageId id, String owner, int attempt, Instant dueAt) {
        QueueRow row = messages.queue.get(id);
        if (row == null || !owner.equals(row.owner) || row.attempt != attempt) {
            return false;
        }
        row.owner = null;
        row.leaseUntil = null;
        row.reserved = Optional.empty();
        row.dueAt = dueAt;
        return true;
    }

    @Override
    public int renew(String owner, Instant leaseUntil) {
        int n = 0;
        for (QueueRow row : messages.queue.values()) {
            if (owner.equals(row.owner)) {
                row.leaseUntil = leaseUntil;
                n++;
            }
        }
        return n;
    }

    @Override
    public List<MessageId> sweepExpired(Instant now) {
        List<MessageId> swept = new ArrayList<>();
        messages.queue.forEach((id, row) -> {
            if (row.owner != null && row.leaseUntil.isBefore(now)) {
                row.owner = null;
                row.leaseUntil = null;
                swept.add(id);
            }
        });
        return swept;
    }

    @Override
    public int countSendAttempt(MessageId id) {
        return ++row(id).sendAttempts;
    }

    /** Takes the lease away from its owner, as a sweep and another dispatcher's claim would. */
    public void loseLease(MessageId id) {
        QueueRow row = row(id);
        row.owner = "another-dispatcher";
        row.attempt++;
    }

    private QueueRow row(MessageId id) {
        return Optional.ofNullable(messages.queue.get(id)).orElseThrow(() -> new AssertionError("no queue row for " + id));
    }
}
