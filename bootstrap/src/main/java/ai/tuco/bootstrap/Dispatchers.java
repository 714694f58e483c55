package ai.tuco.bootstrap;

import ai.tuco.adapters.persistence.postgres.PgListener;
import ai.tuco.application.dispatch.DispatchSettings;
import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Claim;
import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.domain.shared.LineId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's dispatcher threads: each claims a batch, sends it (its lines side by side, each line in order), and
 * sleeps until woken (in-process or by LISTEN) or the poll interval passes; they also sweep expired leases. The
 * provider-wide pollers (the sandbox's due events) run on their own beat ({@link ProviderPolls}). A renewer extends
 * the leases of claims in progress. A slow line never holds up the others (see {@link #loop}). Stopping lets the sends
 * in progress finish and releases the claims not yet started.
 */
final class Dispatchers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatchers.class);

    /** The longest a dispatcher waits for a line of its rounds to be done before it claims again (see {@link #loop}). */
    private static final Duration STRAGGLE = Duration.ofSeconds(1);

    private final DispatchDueMessagesUseCase dispatch;
    private final ProviderPolls polls;
    private final DispatchSignal signal;
    private final PgListener listener;
    private final DispatchSettings settings;
    private final ExecutorService providerCalls;
    /** Runs the lines of one claimed batch side by side (see {@link #sendAll}). */
    private final ExecutorService sendPool;
    private final int threads;
    private final String node = UUID.randomUUID().toString().substring(0, 8);
    private final List<Thread> workers = new ArrayList<>();
    /**
     * The owner names whose claims are in progress on this node, one per round (see {@link #loop}); the renewer extends
     * exactly these leases, and a round's name leaves the set when its last line is done.
     */
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    /** Rounds whose lines are still sending (a slow line keeps its round here after the dispatcher moved on). */
    private final Set<Round> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private ScheduledExecutorService renewer;
    private volatile long lastSweep;

    Dispatchers(DispatchDueMessagesUseCase dispatch, ProviderPolls polls, DispatchSignal signal,
            PgListener listener, DispatchSettings settings, ExecutorService providerCalls, int threads) {
        this.dispatch = dispatch;
        this.polls = polls;
        this.signal = signal;
        this.listener = listener;
        this.settings = settings;
        this.providerCalls = providerCalls;
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        this.sendPool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "tuco-send-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        listener.start();
        for (int i = 0; i < threads; i++) {
            String owner = "node-" + node + "/d" + i;
            Thread t = new Thread(() -> loop(owner), "tuco-dispatch-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tuco-dispatch-renew");
            t.setDaemon(true);
            return t;
        });
        long every = settings.renewEvery().toMillis();
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        // Provider-wide pollers (the sandbox's "delivered" a second after "sent") on their own beat, each its interval.
        for (MessagingProvider p : polls.polled()) {
            long interval = Math.max(1, p.poller().orElseThrow().interval().toMillis());
            renewer.scheduleWithFixedDelay(() -> poll(p), interval, interval, TimeUnit.MILLISECONDS);
        }
        LOG.info("{} dispatcher(s) started on node {}", threads, node);
    }

    private void renew() {
        for (String owner : live) {
            try {
                dispatch.renewLeases(owner);
            } catch (RuntimeException e) {
                LOG.warn("renewing the leases of {} failed: {}", owner, e.toString());
            }
        }
    }

    private void poll(MessagingProvider provider) {
        try {
            polls.beat(provider.name(), () -> running);
        } catch (RuntimeException e) {
            LOG.warn("polling provider {} failed: {}", provider.name(), e.toString());
        }
    }

    /**
     * Each round claims under its own owner name, starts every line of the batch on the send pool and waits until any
     * line (of any round) is done, at most {@link #STRAGGLE}, then claims again: the claim query skips a line that has a
     * claim in progress, so the next claim takes the freed lines' messages while the others still send (a line never
     * waits for the slowest line of its round), and a slow or hanging provider keeps only its own line busy (its round
     * goes on in the background). A round with a failed send keeps that claim under its name, which stops being renewed
     * once the round's last line is done: the claim expires and the sweeper returns it (or a provider event finishes
     * it first); otherwise that message would stay "sending" for as long as this node lives.
     */
    private void loop(String baseOwner) {
        long round = 0;
        while (running) {
            long seen = signal.generation();
            int work = 0;
            String owner = baseOwner + "." + (++round);
            live.add(owner);
            try {
                List<Claim> claims = dispatch.claim(owner);
                if (claims.isEmpty()) {
                    live.remove(owner);
                } else {
                    work = claims.size();
                    sendAll(owner, claims);
                    // until any line of any round is free again: its next messages are claimed while the others
                    // still send, rather than every line waiting for the slowest of its round
                    signal.await(seen, STRAGGLE);
                }
                long now = System.nanoTime();
                if (now - lastSweep > settings.sweepEvery().toNanos()) {
                    lastSweep = now;
                    dispatch.sweepExpired();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("dispatcher {} failed a round, retrying: {}", owner, e.toString());
                if (inFlight.stream().noneMatch(r -> r.owner.equals(owner))) {
                    live.remove(owner);
                }
            }
            if (work == 0 && running) {
                try {
                    signal.await(seen, settings.pollInterval());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The lines of one claimed batch being sent; its owner name is renewed until the last line is done. */
    private final class Round {
        final String owner;
        private final AtomicInteger pending;
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final CountDownLatch done = new CountDownLatch(1);

        Round(String owner, int lines) {
            this.owner = owner;
            this.pending = new AtomicInteger(lines);
        }

        void lineDone(Optional<String> failure) {
            failure.ifPresent(failures::add);
            try {
                if (pending.decrementAndGet() == 0) {
                    roundDone();
                }
            } finally {
                signal.wakeOne(); // the line is free: a dispatcher claims its next messages now, not at its next poll
            }
        }

        private void roundDone() {
            if (!failures.isEmpty()) {
                LOG.warn("dispatcher {} failed part of a round; its failed claim expires with its lease: {}", owner,
                        String.join("; ", failures));
            }
            live.remove(owner);
            inFlight.remove(this);
            done.countDown();
        }

        void awaitAtMost(Duration d) throws InterruptedException {
            done.await(d.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Sends a claimed batch: each line's claims in claim order, one after the other (a line is one sender identity,
     * and its recipients get their messages in order), different lines at the same time on the send pool, so that one
     * slow provider or line does not hold up the others and the round trips of many sends overlap.
     */
    private Round sendAll(String owner, List<Claim> claims) {
        Map<LineId, List<Claim>> byLine = new LinkedHashMap<>();
        for (Claim c : claims) {
            byLine.computeIfAbsent(c.line().id(), id -> new ArrayList<>()).add(c);
        }
        Round round = new Round(owner, byLine.size());
        inFlight.add(round);
        for (List<Claim> group : byLine.values()) {
            try {
                sendPool.execute(() -> {
                    Optional<String> failure;
                    try {
                        failure = sendInOrder(owner, group);
                    } catch (RuntimeException | Error e) {
                        failure = Optional.of(e.toString());
                    }
                    round.lineDone(failure);
                });
            } catch (RejectedExecutionException e) { // the node is closing: the claims expire with their lease
                round.lineDone(Optional.of("not started: the node is closing"));
            }
        }
        return round;
    }

    /** One line's claims in order; stops (releasing the rest) when the node stops or a send fails. */
    private Optional<String> sendInOrder(String owner, List<Claim> group) {
        int started = 0;
        try {
            for (; started < group.size(); started++) {
                if (!running) {
                    dispatch.release(group.subList(started, group.size()));
                    return Optional.empty();
                }
                dispatch.send(group.get(started));
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            releaseQuietly(owner, group.subList(Math.min(started + 1, group.size()), group.size()));
            return Optional.of(e.toString());
        }
    }

    private void releaseQuietly(String owner, List<Claim> unstarted) {
        if (unstarted.isEmpty()) {
            return;
        }
        try {
            dispatch.release(unstarted);
        } catch (RuntimeException e) {
            LOG.warn("dispatcher {} could not release {} unstarted claim(s); they expire with their lease: {}", owner,
                    unstarted.size(), e.toString());
        }
    }

    /** Stops the threads (a send in progress finishes; unstarted claims are released) before the pool closes. */
    @Override
    public synchronized void close() {
        running = false;
        signal.wake();
        long waitMillis = settings.providerTimeout().plus(Duration.ofSeconds(5)).toMillis();
        for (Thread t : workers) {
            try {
                t.join(waitMillis);
                if (t.isAlive()) {
                    t.interrupt();
                    t.join(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.clear();
        for (Round r : List.copyOf(inFlight)) { // slow lines still sending: their sends finish, their leases renewed
            try {
                r.awaitAtMost(Duration.ofMillis(waitMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (renewer != null) {
            renewer.shutdownNow();
            renewer = null;
        }
        listener.close();
        sendPool.shutdownNow();
        providerCalls.shutdownNow();
    }
}
