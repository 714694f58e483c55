package ai.tuco.adapters.persistence.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one connection that LISTENs on a channel and runs {@code onNotify} for notifications; reconnects when it
 * drops, and runs {@code onNotify} once after each (re)connection too, since notifications sent while it was away are
 * lost. Used for {@code tuco_dispatch} (wake the dispatchers) and {@code tuco_changes} (drop cached reads).
 */
public final class PgListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgListener.class);

    private final DataSource dataSource;
    private final String channel;
    private final String what;
    private final Runnable onNotify;
    private volatile boolean running;
    private Thread thread;

    /** @param what what a lost connection means, for the log line that reports it */
    public PgListener(DataSource dataSource, String channel, String what, Runnable onNotify) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.what = what;
        this.onNotify = onNotify;
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "tuco-listen-" + channel);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + channel);
                }
                onNotify.run();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(250);
                    if (notifications != null && notifications.length > 0) {
                        onNotify.run();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("LISTEN {} lost its connection ({}): {}", channel, what, e.toString());
                    sleepQuietly(1000);
                }
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }
}
