package ai.tuco.bootstrap;

import ai.tuco.adapters.delivery.sandbox.SandboxOutcomePump;
import ai.tuco.adapters.persistence.PgDispatchListener;
import ai.tuco.application.port.in.DispatchDueMessagesUseCase;
import ai.tuco.application.port.in.DispatchDueMessagesUseCase.Claim;
import ai.tuco.application.service.DispatchSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's dispatcher threads: each claims a batch, sends it, and sleeps until woken (in-process or by LISTEN) or
 * the poll interval passes; they also sweep expired leases and report the sandbox's due events. A renewer extends the
 * leases of claims in progress. Stopping lets the send in progress finish and releases the claims not yet started.
 */
final class Dispatchers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatchers.class);

    private final DispatchDueMessagesUseCase dispatch;
    private final SandboxOutcomePump sandboxEvents;
    private final DispatchSignal signal;
    private final PgDispatchListener listener;
    private final DispatchSettings settings;
    private final ExecutorService providerCalls;
    private final int threads;
    private final String node = UUID.randomUUID().toString().substring(0, 8);
    private final List<Thread> workers = new ArrayList<>();
    /** Each dispatcher's current owner name; only these leases are renewed (see {@link #loop}). */
    private final List<String> owners = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private ScheduledExecutorService renewer;
    private volatile long lastSweep;

    Dispatchers(DispatchDueMessagesUseCase dispatch, SandboxOutcomePump sandboxEvents, DispatchSignal signal,
            PgDispatchListener listener, DispatchSettings settings, ExecutorService providerCalls, int threads) {
        this.dispatch = dispatch;
        this.sandboxEvents = sandboxEvents;
        this.signal = signal;
        this.listener = listener;
        this.settings = settings;
        this.providerCalls = providerCalls;
        this.threads = threads;
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
        // The sandbox's due events ("delivered" a second after "sent") are looked for on their own short beat.
        renewer.scheduleWithFixedDelay(this::pumpSandbox, 250, 250, TimeUnit.MILLISECONDS);
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

    private void pumpSandbox() {
        try {
            while (running && sandboxEvents.pump() > 0) {
                // drain what is due
            }
        } catch (RuntimeException e) {
            LOG.warn("reporting the sandbox's due events failed: {}", e.toString());
        }
    }

    private void loop(int index, String baseOwner) {
        String owner = baseOwner;
        int generation = 0;
        while (running) {
            long seen = signal.generation();
            int work = 0;
            List<Claim> claims = List.of();
            int started = 0;
            try {
                claims = dispatch.claim(owner);
                for (; started < claims.size(); started++) {
                    if (!running) {
                        dispatch.release(claims.subList(started, claims.size()));
                        break;
                    }
                    dispatch.send(claims.get(started));
                }
                work += claims.size();
                long now = System.nanoTime();
                if (now - lastSweep > settings.sweepEvery().toNanos()) {
                    lastSweep = now;
                    dispatch.sweepExpired();
                }
            } catch (RuntimeException e) {
                LOG.warn("dispatcher {} failed a round, retrying: {}", owner, e.toString());
                work = 0;
                // The rest of the batch must not stay leased to a name the renewer keeps extending, or those messages
                // stay "sending" for as long as this node lives. Claims not started go back to the queue; the one that
                // failed (its send may have happened) and any we cannot release now are left under the old name,
                // which is no longer renewed, so they expire and the sweeper returns them (or a provider event
                // finishes them first).
                releaseQuietly(owner, claims.subList(Math.min(started + 1, claims.size()), claims.size()));
                owner = baseOwner + "." + (++generation);
                owners.set(index, owner);
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
        providerCalls.shutdownNow();
    }
}
