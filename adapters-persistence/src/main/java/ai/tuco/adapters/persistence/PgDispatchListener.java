package ai.tuco.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Holds one connection that LISTENs on {@code tuco_dispatch} and runs {@code onNotify}; reconnects when it drops. */
public final class PgDispatchListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgDispatchListener.class);

    private final DataSource dataSource;
    private final Runnable onNotify;
    private volatile boolean running;
    private Thread thread;

    public PgDispatchListener(DataSource dataSource, Runnable onNotify) {
        this.dataSource = dataSource;
        this.onNotify = onNotify;
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "tuco-dispatch-listen");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + PgDispatchNotifier.CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(250);
                    if (notifications != null && notifications.length > 0) {
                        onNotify.run();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("LISTEN {} lost its connection (dispatchers still poll): {}", PgDispatchNotifier.CHANNEL, e.toString());
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
