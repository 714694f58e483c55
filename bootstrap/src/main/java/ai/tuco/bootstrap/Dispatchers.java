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
    private final List<String> owners = new ArrayList<>();
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

    private void loop(String owner) {
        while (running) {
            long seen = signal.generation();
            int work = 0;
            try {
                List<Claim> claims = dispatch.claim(owner);
                for (int i = 0; i < claims.size(); i++) {
                    if (!running) {
                        dispatch.release(claims.subList(i, claims.size()));
                        break;
                    }
                    dispatch.send(claims.get(i));
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
