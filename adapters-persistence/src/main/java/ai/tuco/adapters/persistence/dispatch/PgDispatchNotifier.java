package ai.tuco.adapters.persistence.dispatch;

import ai.tuco.adapters.persistence.postgres.PgNotifier;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/**
 * Debounced {@code NOTIFY tuco_dispatch}: any number of requests within the debounce interval send one notification,
 * from its own connection and never inside an accepting transaction (a NOTIFY in every commit would serialise them).
 */
public final class PgDispatchNotifier implements AutoCloseable {
    public static final String CHANNEL = "tuco_dispatch";

    private final PgNotifier notifier;

    public PgDispatchNotifier(Jdbi jdbi, Duration debounce) {
        this.notifier = new PgNotifier(jdbi, CHANNEL, debounce);
    }

    public void requestNotify() {
        notifier.requestNotify();
    }

    @Override
    public void close() {
        notifier.close();
    }
}
