package ai.tuco.bootstrap;

import ai.tuco.application.idempotency.port.in.IdempotencyUseCase;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Periodic chores of a serving node: purging expired Idempotency-Key records (every node may; deletes are idempotent). */
final class Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    static final long PERIOD_MINUTES = 10;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tuco-housekeeping");
        t.setDaemon(true);
        return t;
    });

    Housekeeping(IdempotencyUseCase idempotency) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                int purged = idempotency.purgeExpired();
                if (purged > 0) {
                    LOG.info("purged {} expired idempotency records", purged);
                }
            } catch (RuntimeException e) {
                LOG.warn("housekeeping failed, will retry: {}", e.toString());
            }
        }, 1, PERIOD_MINUTES * 60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
