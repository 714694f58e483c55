package ai.tuco.bootstrap;

import ai.tuco.adapters.persistence.postgres.PgListener;
import ai.tuco.application.webhook.port.in.DeliverWebhooksUseCase;
import ai.tuco.application.webhook.port.in.DeliverWebhooksUseCase.Claim;
import ai.tuco.domain.shared.WebhookId;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's webhook worker: one claiming thread hands each claimed delivery to a thread of its own pool, at most
 * {@code perEndpoint} at once per endpoint and {@code maxInFlight} in all, so a receiver that hangs holds at most its
 * own few threads (each bounded by the attempt timeout) and never a dispatcher's or another endpoint's. Claims are
 * leased; a node that dies leaves them to expire and be claimed again.
 *
 * <p>The claimer claims again as soon as outbox rows are committed (this node's writes wake it in-process, other nodes'
 * through {@code LISTEN tuco_webhooks}) or an attempt of its own finishes, and otherwise every {@code pollInterval}
 * (retries that come due, expired leases, a lost notification).
 */
final class WebhookWorkers implements AutoCloseable {
    static final int MAX_IN_FLIGHT = 64;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookWorkers.class);

    private final DeliverWebhooksUseCase deliver;
    private final int perEndpoint;
    private final int maxInFlight;
    private final Duration pollInterval;
    private final String owner = "node-" + UUID.randomUUID().toString().substring(0, 8) + "/webhooks";
    private final ConcurrentHashMap<WebhookId, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final DispatchSignal signal;
    private final PgListener listener;
    private final ExecutorService pool;
    private volatile boolean running;
    private Thread claimer;

    /** @param listener wakes {@code signal} on other nodes' notifications */
    WebhookWorkers(DeliverWebhooksUseCase deliver, int perEndpoint, int maxInFlight, Duration pollInterval,
            DispatchSignal signal, PgListener listener) {
        this.deliver = deliver;
        this.signal = signal;
        this.listener = listener;
        this.perEndpoint = perEndpoint;
        this.maxInFlight = maxInFlight;
        this.pollInterval = pollInterval;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(0, maxInFlight, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "tuco-webhook-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        claimer = new Thread(this::loop, "tuco-webhook-claim");
        claimer.setDaemon(true);
        claimer.start();
        listener.start();
        LOG.info("webhook worker started as {}", owner);
    }

    private void loop() {
        while (running) {
            long seen = signal.generation();
            int claimed = 0;
            try {
                int room = maxInFlight - total.get();
                if (room > 0) {
                    Set<WebhookId> busy = inFlight.entrySet().stream().filter(e -> e.getValue().get() >= perEndpoint)
                            .map(java.util.Map.Entry::getKey).collect(Collectors.toSet());
                    List<Claim> claims = deliver.claim(owner, Math.min(room, 32), busy);
                    claims.forEach(this::start);
                    claimed = claims.size();
                }
            } catch (RuntimeException e) {
                LOG.warn("webhook claim failed, retrying: {}", e.toString());
            }
            if (claimed == 0 && running) {
                try {
                    // a wake that came after `seen` was read ends the wait at once: none is lost between two looks
                    signal.await(seen, pollInterval);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void start(Claim c) {
        AtomicInteger count = inFlight.computeIfAbsent(c.endpointId(), k -> new AtomicInteger());
        count.incrementAndGet();
        total.incrementAndGet();
        try {
            pool.execute(() -> {
                try {
                    c.send().run();
                } catch (RuntimeException e) {
                    // the lease expires and another claim retries it
                    LOG.warn("webhook delivery to endpoint {} failed: {}", c.endpointId(), e.toString());
                } finally {
                    done(count);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            done(count);
        }
    }

    private void done(AtomicInteger count) {
        count.decrementAndGet();
        total.decrementAndGet();
        signal.wake();
    }

    /** Stops claiming; attempts in progress get up to their timeout to finish (unfinished ones expire and are retried). */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        listener.close();
        signal.wake();
        pool.shutdown();
        try {
            claimer.join(5_000);
            pool.awaitTermination(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
