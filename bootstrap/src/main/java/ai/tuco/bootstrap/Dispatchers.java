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
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's dispatcher threads: each claims a batch, sends it (its lines side by side, each line in order), and
 * sleeps until woken (in-process or by LISTEN) or the poll interval passes; they also sweep expired leases. The
 * provider-wide pollers (the sandbox's due events) run on their own beat ({@link ProviderPolls}). A renewer extends the leases of claims in progress. Stopping lets the sends in progress
 * finish and releases the claims not yet started.
 */
final class Dispatchers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatchers.class);

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
    /** Each dispatcher's current owner name; only these leases are renewed (see {@link #loop}). */
    private final List<String> owners = new CopyOnWriteArrayList<>();
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
            owners.add(owner);
            int index = i;
            Thread t = new Thread(() -> loop(index, owner), "tuco-dispatch-" + i);
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
        for (String owner : owners) {
            try {
                dispatch.renewLeases(owner);
            } catch (RuntimeException e) {
                LOG.warn("renewing the leases of {} failed: {}", owner, e.toString());
            }
        }
    }

    private void poll(MessagingProvider provider) {
        try {
            while (running && polls.poll(provider) > 0) {
                // drain what is due
            }
        } catch (RuntimeException e) {
            LOG.warn("polling provider {} failed: {}", provider.name(), e.toString());
        }
    }

    private void loop(int index, String baseOwner) {
        String owner = baseOwner;
        int generation = 0;
        while (running) {
            long seen = signal.generation();
            int work = 0;
            try {
                List<Claim> claims = dispatch.claim(owner);
                List<String> failures = sendAll(owner, claims);
                if (!failures.isEmpty()) {
                    // A group's unstarted claims went back to the queue; the one that failed (its send may have
                    // happened) and any that could not be released stay under this name, which is retired so that the
                    // renewer stops extending it: they expire and the sweeper returns them (or a provider event
                    // finishes them first). Otherwise those messages would stay "sending" for as long as this node lives.
                    LOG.warn("dispatcher {} failed part of a round, retrying: {}", owner, String.join("; ", failures));
                    owner = retire(index, baseOwner, ++generation);
                } else {
                    work = claims.size();
                }
                long now = System.nanoTime();
                if (now - lastSweep > settings.sweepEvery().toNanos()) {
                    lastSweep = now;
                    dispatch.sweepExpired();
                }
            } catch (RuntimeException e) {
                LOG.warn("dispatcher {} failed a round, retrying: {}", owner, e.toString());
                owner = retire(index, baseOwner, ++generation);
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

    private String retire(int index, String baseOwner, int generation) {
        String owner = baseOwner + "." + generation;
        owners.set(index, owner);
        return owner;
    }

    /**
     * Sends a claimed batch: each line's claims in claim order, one after the other (a line is one sender identity,
     * and its recipients get their messages in order), different lines at the same time, so that one slow provider
     * or line does not hold up the others and the round trips of many sends overlap. Returns what failed.
     */
    private List<String> sendAll(String owner, List<Claim> claims) {
        Map<LineId, List<Claim>> byLine = new LinkedHashMap<>();
        for (Claim c : claims) {
            byLine.computeIfAbsent(c.line().id(), id -> new ArrayList<>()).add(c);
        }
        List<List<Claim>> groups = new ArrayList<>(byLine.values());
        List<String> failures = new ArrayList<>();
        if (groups.size() == 1) {
            sendInOrder(owner, groups.get(0)).ifPresent(failures::add);
            return failures;
        }
        List<Future<Optional<String>>> pending = new ArrayList<>();
        for (List<Claim> group : groups) {
            pending.add(sendPool.submit(() -> sendInOrder(owner, group)));
        }
        for (Future<Optional<String>> f : pending) {
            try {
                f.get().ifPresent(failures::add);
            } catch (ExecutionException e) {
                failures.add(String.valueOf(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add("interrupted");
            }
        }
        return failures;
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
        if (renewer != null) {
            renewer.shutdownNow();
            renewer = null;
        }
        listener.close();
        sendPool.shutdownNow();
        providerCalls.shutdownNow();
    }
}
