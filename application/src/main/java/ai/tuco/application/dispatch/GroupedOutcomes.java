package ai.tuco.application.dispatch;

import ai.tuco.application.dispatch.SendClaimed.Result;
import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Claim;
import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Outcome;
import ai.tuco.application.dispatch.port.out.DispatchQueue;
import ai.tuco.application.dispatch.port.out.EarlyUpdates;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.Transition;
import ai.tuco.domain.shared.MessageId;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Group commit of send outcomes (ADR 23). A sender hands its send's outcome here and waits until it is committed, so a
 * line's next send still starts only after its previous outcome is recorded. Outcomes handed in while another group is
 * being recorded wait for it, then the first of them records them all.
 * The commonest case, a plain "sent" on a line whose provider never reports before our record of the send, is computed
 * from the message as its claim wrote it and written by one statement that commits on its own where the row and the
 * lease are still the claim's (ADR 31): one round trip for the group. The rest, and whatever that statement left, are
 * recorded in one transaction: the messages and then their leases locked in id order in one statement
 * ({@link DispatchQueue#lockForOutcomes}, ADR 30), one statement for the "sent" transitions with their attempts, one
 * pass over early updates; any other outcome goes through {@link RecordSendOutcome} in the same transaction. If that transaction fails, each outcome is recorded again on its own (its own transaction,
 * fenced by its lease as always), so one bad outcome fails alone and a group whose commit did go through records
 * nothing twice (its leases are gone).
 */
public final class GroupedOutcomes {
    private final TransactionRunner tx;
    private final DispatchQueue queue;
    private final MessageRepository messages;
    private final EarlyUpdates early;
    private final RecordSendOutcome single;
    private final int maxGroup;
    private final Predicate<Line> mayHaveEarlyUpdates;

    private final Object lock = new Object();
    private final ArrayDeque<Waiting> pending = new ArrayDeque<>();
    private boolean recording;

    /** @param maxGroup most outcomes in one transaction */
    public GroupedOutcomes(TransactionRunner tx, DispatchQueue queue, MessageRepository messages, EarlyUpdates early,
            RecordSendOutcome single, int maxGroup) {
        this(tx, queue, messages, early, single, maxGroup, line -> true);
    }

    /**
     * @param mayHaveEarlyUpdates whether a line's provider can report a status by its own id before our send is
     *     recorded (line-scoped callbacks or polls); for the others no early update is ever kept, so none is looked for
     */
    public GroupedOutcomes(TransactionRunner tx, DispatchQueue queue, MessageRepository messages, EarlyUpdates early,
            RecordSendOutcome single, int maxGroup, Predicate<Line> mayHaveEarlyUpdates) {
        this.mayHaveEarlyUpdates = mayHaveEarlyUpdates;
        if (maxGroup < 1) {
            throw new IllegalArgumentException("maxGroup must be at least 1");
        }
        this.tx = tx;
        this.queue = queue;
        this.messages = messages;
        this.early = early;
        this.single = single;
        this.maxGroup = maxGroup;
    }

    /** One send's outcome waiting for its group. */
    private static final class Waiting {
        final Claim claim;
        final SendClaimed.Attempt attempt;
        Outcome outcome;
        RuntimeException error;
        boolean done;

        Waiting(Claim claim, SendClaimed.Attempt attempt) {
            this.claim = claim;
            this.attempt = attempt;
        }
    }

    /** Records the outcome with whatever else is waiting; returns once it is committed (or throws why it is not). */
    public Outcome record(Claim claim, SendClaimed.Attempt attempt) {
        Waiting me = new Waiting(claim, attempt);
        boolean interrupted = false;
        try {
            synchronized (lock) {
                pending.add(me);
            }
            while (true) {
                List<Waiting> group;
                synchronized (lock) {
                    while (recording && !me.done) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            interrupted = true; // the outcome is still to be recorded: never abandoned half-way
                        }
                    }
                    if (me.done) {
                        if (me.error != null) {
                            throw me.error;
                        }
                        return me.outcome;
                    }
                    recording = true;
                    group = take();
                }
                try {
                    recordGroup(group);
                } finally {
                    synchronized (lock) {
                        recording = false;
                        lock.notifyAll();
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What became of one outcome of a group: recorded ({@code outcome}) or not ({@code error}, why). */
    public record Recorded(Optional<Outcome> outcome, Optional<RuntimeException> error) {}

    /** Records these outcomes as one group now, as {@link #record} does with whatever is waiting. */
    public List<Recorded> recordTogether(List<Claim> claims, List<SendClaimed.Attempt> attempts) {
        List<Waiting> group = new ArrayList<>();
        for (int i = 0; i < claims.size(); i++) {
            group.add(new Waiting(claims.get(i), attempts.get(i)));
        }
        recordGroup(group);
        return group.stream().map(w -> new Recorded(Optional.ofNullable(w.outcome), Optional.ofNullable(w.error))).toList();
    }

    /** The oldest waiting outcomes, at most {@code maxGroup}, one per message (a second one waits for the next group). */
    private List<Waiting> take() {
        List<Waiting> group = new ArrayList<>();
        Set<MessageId> ids = new HashSet<>();
        for (Iterator<Waiting> it = pending.iterator(); it.hasNext() && group.size() < maxGroup; ) {
            Waiting w = it.next();
            if (ids.add(w.claim.messageId())) {
                group.add(w);
                it.remove();
            }
        }
        return group;
    }

    private void recordGroup(List<Waiting> group) {
        List<Waiting> rest = recordClaimed(group);
        if (rest.isEmpty()) {
            return;
        }
        try {
            // a group of one too: its statements are fewer than the one-message path's (which also looks for early
            // updates on every line, and takes their advisory lock)
            List<Outcome> outcomes = tx.inTransaction(() -> recordAll(rest));
            for (int i = 0; i < rest.size(); i++) {
                rest.get(i).outcome = outcomes.get(i);
            }
        } catch (RuntimeException groupFailed) {
            for (Waiting w : rest) {
                try {
                    w.outcome = single.record(w.claim, w.attempt);
                } catch (RuntimeException e) {
                    w.error = e;
                }
            }
        } finally {
            rest.forEach(w -> w.done = true);
        }
    }

    /**
     * The common case in one statement that commits on its own (ADR 31): each plain "sent" of a line whose provider
     * never reports before our record (no early updates to take), computed from the message as its claim wrote it and
     * written where the row and the lease are still the claim's. One round trip for the group instead of three (lock,
     * write, commit). The others, and any the statement left untouched, are returned for the locked path; if the
     * statement fails, all are (a statement that did commit before its answer was lost took their leases with it, so
     * the locked path finds them gone and writes nothing twice).
     */
    private List<Waiting> recordClaimed(List<Waiting> group) {
        Instant now = single.now();
        List<MessageRepository.ClaimedSend> sends = new ArrayList<>();
        for (Waiting w : group) {
            Optional<Result.Sent> sent = plainSent(w).filter(s -> !mayHaveEarlyUpdates.test(w.claim.line()));
            sent.ifPresent(s -> sends.add(new MessageRepository.ClaimedSend(
                    w.claim.message().markSent(now, s.externalId(), w.claim.text()), w.claim.message(), w.claim.owner(),
                    w.claim.attempt())));
        }
        if (sends.isEmpty()) {
            return group;
        }
        Set<MessageId> written;
        try {
            written = messages.recordSendAttemptsIfClaimed(sends);
        } catch (RuntimeException unknown) {
            return group;
        }
        List<Waiting> rest = new ArrayList<>();
        for (Waiting w : group) { // one outcome per message in a group: an id written is this outcome's
            if (written.contains(w.claim.messageId())) {
                w.outcome = Outcome.SENT;
                w.done = true;
            } else {
                rest.add(w);
            }
        }
        return rest;
    }

    /** In one transaction: the group's messages, then their leases, locked; bulk for "sent", one by one for the rest. */
    private List<Outcome> recordAll(List<Waiting> group) {
        Instant now = single.now();
        DispatchQueue.Locked both = queue.lockForOutcomes(group.stream()
                .map(w -> new DispatchQueue.HeldLease(w.claim.messageId(), w.claim.owner(), w.claim.attempt())).toList());
        Map<MessageId, Message> locked = both.messages();
        // a lease counts only with its message found in the claim's workspace
        Map<MessageId, DispatchQueue.Lease> leases = new HashMap<>();
        for (Waiting w : group) {
            DispatchQueue.Lease lease = both.leases().get(w.claim.messageId());
            if (lease != null && found(w, locked).isPresent()) {
                leases.put(w.claim.messageId(), lease);
            }
        }
        List<Waiting> bulk = new ArrayList<>();
        for (Waiting w : group) {
            if (plainSent(w).isPresent() && found(w, locked).isPresent() && leases.containsKey(w.claim.messageId())) {
                bulk.add(w);
            }
        }
        Outcome[] outcomes = new Outcome[group.size()];
        if (!bulk.isEmpty()) {
            List<Transition> sent = new ArrayList<>();
            List<EarlyUpdates.Pair> pairs = new ArrayList<>();
            for (Waiting w : bulk) {
                String externalId = plainSent(w).orElseThrow().externalId();
                sent.add(locked.get(w.claim.messageId()).markSent(now, externalId, w.claim.text()));
                pairs.add(mayHaveEarlyUpdates.test(w.claim.line()) ? new EarlyUpdates.Pair(w.claim.line().id(), externalId) : null);
            }
            messages.recordSendAttempts(sent); // each "sent" also counts its attempt, in the same row update
            // after the provider ids are written (see EarlyUpdates): updates that came before them
            Map<EarlyUpdates.Pair, List<StatusUpdate>> kept = early.takeForAll(pairs.stream().filter(p -> p != null).toList());
            for (int i = 0; i < bulk.size(); i++) {
                List<StatusUpdate> updates = pairs.get(i) == null ? null : kept.get(pairs.get(i));
                if (updates != null) {
                    single.applyAll(sent.get(i).message(), updates, now);
                }
            }
        }
        for (int i = 0; i < group.size(); i++) {
            Waiting w = group.get(i);
            if (bulk.contains(w)) {
                outcomes[i] = Outcome.SENT;
                continue;
            }
            Optional<Message> m = found(w, locked);
            outcomes[i] = m.isEmpty() ? Outcome.LEASE_LOST
                    : single.recordLocked(w.claim, w.attempt, m.get(), Optional.ofNullable(leases.get(w.claim.messageId())), now);
        }
        return List.of(outcomes);
    }

    /** The send, when it is the plain case: the provider took it, reported no status with it, and it counts as an attempt. */
    private static Optional<Result.Sent> plainSent(Waiting w) {
        return w.attempt.result() instanceof Result.Sent sent && sent.status().isEmpty() && w.attempt.countsAsAttempt()
                ? Optional.of(sent) : Optional.empty();
    }

    private static Optional<Message> found(Waiting w, Map<MessageId, Message> locked) {
        return Optional.ofNullable(locked.get(w.claim.messageId())).filter(m -> m.workspaceId().equals(w.claim.workspaceId()));
    }
}
