package ai.tuco.bootstrap;

import ai.tuco.application.callback.port.in.PollProvidersUseCase;
import ai.tuco.application.line.port.in.CheckLineHealthUseCase;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dispatching node's provider chores, each on its own thread so a slow one never holds up another: event polls (a
 * catch-up right after start, then every second the due ones: each poller's interval and the per-line leases decide
 * what is due), line health checks (every 30 s the lines whose 5-minute check is due and that this node claimed), and
 * the expiry of early status updates (every 10 minutes). Every failure is logged and retried on the next round.
 */
final class ProviderJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderJobs.class);

    private final PollProvidersUseCase polls;
    private final CheckLineHealthUseCase health;
    private ScheduledExecutorService pollTimer;
    private ScheduledExecutorService healthTimer;

    ProviderJobs(PollProvidersUseCase polls, CheckLineHealthUseCase health) {
        this.polls = polls;
        this.health = health;
    }

    synchronized void start() {
        if (pollTimer != null) {
            return;
        }
        pollTimer = timer("tuco-provider-polls");
        healthTimer = timer("tuco-line-health");
        pollTimer.execute(() -> guarded("poll catch-up after start", polls::afterStart));
        pollTimer.scheduleWithFixedDelay(() -> guarded("provider polls", polls::pollDue), 0, 1, TimeUnit.SECONDS);
        pollTimer.scheduleWithFixedDelay(() -> guarded("early update expiry", () -> {
            int purged = polls.purgeExpiredEarlyUpdates();
            if (purged > 0) {
                LOG.info("purged {} early status updates no send claimed within an hour", purged);
            }
        }), 1, 600, TimeUnit.SECONDS);
        healthTimer.scheduleWithFixedDelay(() -> guarded("line health checks", health::checkDue), 5, 30, TimeUnit.SECONDS);
    }

    private static ScheduledExecutorService timer(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private static void guarded(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("{} failed, retried next round: {}", what, e.getClass().getSimpleName());
        }
    }

    @Override
    public synchronized void close() {
        if (pollTimer != null) {
            pollTimer.shutdownNow();
            healthTimer.shutdownNow();
            pollTimer = null;
            healthTimer = null;
        }
    }
}
