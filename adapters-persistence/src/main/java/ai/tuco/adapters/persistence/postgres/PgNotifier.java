package ai.tuco.adapters.persistence.postgres;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debounced {@code NOTIFY channel}: any number of requests within the debounce interval send one notification, from its
 * own connection and never inside the caller's transaction (a NOTIFY in every commit would serialise the commits: it
 * takes a database-wide lock at commit). What it wakes must also poll: a notification is a hint, never the only path.
 */
public final class PgNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgNotifier.class);

    private final Jdbi jdbi;
    private final String channel;
    private final Duration debounce;
    private final AtomicBoolean pending = new AtomicBoolean();
    private ScheduledExecutorService scheduler;
    private boolean closed;

    public PgNotifier(Jdbi jdbi, String channel, Duration debounce) {
        if (!channel.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a plain channel name: " + channel);
        }
        this.jdbi = jdbi;
        this.channel = channel;
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
                Thread t = new Thread(r, "tuco-notify-" + channel);
                t.setDaemon(true);
                return t;
            });
        }
        return scheduler;
    }

    private void send() {
        pending.set(false);
        try {
            jdbi.useHandle(h -> h.execute("NOTIFY " + channel));
        } catch (RuntimeException e) {
            LOG.warn("NOTIFY {} failed (listeners still poll): {}", channel, e.toString());
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
