package ai.tuco.application.dispatch.port.out;

import ai.tuco.domain.message.Message;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dispatch queue: claims of due rows under fenced leases. A lease is (owner, attempt); every write about a claim
 * names both, so a claim that expired and was taken by another dispatcher can no longer record anything.
 */
public interface DispatchQueue {
    /**
     * Locks (FOR UPDATE SKIP LOCKED) up to {@code limit} due, unleased rows of active workspaces whose line gate is open
     * at {@code now}, taking the heads of each line in turn, at most {@code perLine}'s size of each line (one of a paced
     * line); the caller's transaction holds the locks.
     */
    List<Candidate> lockDue(Instant now, int limit, PerLine perLine);

    /** Takes the lease on a locked row: attempt + 1, with what it reserved. @return the new attempt */
    int lease(MessageId id, String owner, Instant leaseUntil, Optional<LineGate.Reservation.Reserved> reserved);

    /** Moves a row's due time without leasing it (the message waits for its window). */
    void reschedule(MessageId id, Instant dueAt);

    /** The lease, locked, if {@code owner} still holds this attempt of it. */
    Optional<Lease> lockLease(MessageId id, String owner, int attempt);

    /** Whether the message still has a queue row (of any owner). */
    boolean isQueued(MessageId id);

    /** Ends a lease and makes the row due again at {@code dueAt}; fenced by owner and attempt. */
    boolean requeue(MessageId id, String owner, int attempt, Instant dueAt);

    /** Extends every lease {@code owner} holds. @return how many */
    int renew(String owner, Instant leaseUntil);

    /** Returns leases that ran out before {@code now} to the queue. @return the messages returned */
    List<MessageId> sweepExpired(Instant now);

    /** Counts one more provider call for the message. @return the count so far */
    int countSendAttempt(MessageId id);

    /**
     * Takes the leases of several locked rows in one go (one round trip where the store allows).
     *
     * @return each row's new attempt, in the order of {@code leases}
     */
    default List<Integer> leaseAll(List<NewLease> leases) {
        return leases.stream().map(l -> lease(l.id(), l.owner(), l.leaseUntil(), l.reserved())).toList();
    }

    /**
     * Locks the messages of these claims in id order (the order every writer of several messages locks them in), then
     * the queue rows still leased to them, in the same order: what recording a group of send outcomes starts with, in
     * one round trip where the store allows. A lease is looked for whether or not its message is in the claim's
     * workspace (a queue row never outlives its message).
     */
    Locked lockForOutcomes(List<HeldLease> held);

    /** Messages locked, by id, and of them the ones whose lease is still held, with that lease. */
    record Locked(Map<MessageId, Message> messages, Map<MessageId, Lease> leases) {}

    /** A lease to take on a locked row. */
    record NewLease(MessageId id, String owner, Instant leaseUntil, Optional<LineGate.Reservation.Reserved> reserved) {}

    /** A claim's lease as its dispatcher knows it. */
    record HeldLease(MessageId id, String owner, int attempt) {}

    /** A due row, locked with its message. */
    record Candidate(Message message, int attempt, int sendAttempts) {}

    /** The most rows one claim takes from each line: {@code sizes} for the lines in it, {@code otherwise} for the rest. */
    record PerLine(Map<LineId, Integer> sizes, int otherwise) {
        public PerLine {
            sizes = Map.copyOf(sizes);
            if (otherwise < 1 || sizes.values().stream().anyMatch(n -> n < 1)) {
                throw new IllegalArgumentException("a line gives at least one row");
            }
        }

        /** Every line gives at most {@code n}. */
        public static PerLine all(int n) {
            return new PerLine(Map.of(), n);
        }
    }

    /** A lease still held, with what its claim reserved. */
    record Lease(int attempt, Optional<LineGate.Reservation.Reserved> reserved) {}
}
