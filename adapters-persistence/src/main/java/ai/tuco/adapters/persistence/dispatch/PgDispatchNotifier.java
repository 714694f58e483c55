package ai.tuco.adapters.persistence.dispatch;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debounced {@code NOTIFY tuco_dispatch}: any number of requests within the debounce interval send one notification,
 * from its own connection and never inside an accepting transaction (a NOTIFY in every commit would serialise them).
 */
public final class PgDispatchNotifier implements AutoCloseable {
    public static final String CHANNEL = "tuco_dispatch";
    private static final Logger LOG = LoggerFactory.getLogger(PgDispatchNotifier.class);

    private final Jdbi jdbi;
    private final Duration debounce;
    private final AtomicBoolean pending = new AtomicBoolean();
    private ScheduledExecutorService scheduler;
    private boolean closed;

    public PgDispatchNotifier(Jdbi jdbi, Duration debounce) {
        this.jdbi = jdbi;
        this.debounce = debounce;
    }

    public void requestNotify() {
        if (!pending.compareAndSet(false, true)) {
            return;
        }
        ScheduledExecutorService s = scheduler();
        if (s == null) {
            pending.set(false);
            return;
        }
        s.schedule(this::send, debounce.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized ScheduledExecutorService scheduler() {
        if (closed) {
            return null;
        }
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "tuco-dispatch-notify");
                t.setDaemon(true);
                return t;
            });
        }
        return scheduler;
    }

    private void send() {
        pending.set(false);
        try {
            jdbi.useHandle(h -> h.execute("NOTIFY " + CHANNEL));
        } catch (RuntimeException e) {
            LOG.warn("NOTIFY {} failed (dispatchers still poll): {}", CHANNEL, e.toString());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
