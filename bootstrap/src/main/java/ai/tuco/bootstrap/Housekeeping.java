package ai.tuco.bootstrap;

import ai.tuco.application.audit.port.in.PurgeAuditLogUseCase;
import ai.tuco.application.idempotency.port.in.IdempotencyUseCase;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic chores of a serving node (every node may run them; the deletes are idempotent): purging expired
 * Idempotency-Key records every ten minutes and, when TUCO_AUDIT_RETENTION_DAYS is set, audit rows past their
 * retention once a day (through the database's purge function, the one delete the append-only triggers allow).
 */
final class Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    static final long PERIOD_MINUTES = 10;
    static final Duration AUDIT_PERIOD = Duration.ofDays(1);
    static final Duration AUDIT_FIRST_RUN = Duration.ofMinutes(5);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tuco-housekeeping");
        t.setDaemon(true);
        return t;
    });
    private final PurgeAuditLogUseCase audit;
    private final Optional<Duration> auditRetention;

    /** @param auditRetention how long audit rows are kept; empty keeps them forever */
    Housekeeping(IdempotencyUseCase idempotency, PurgeAuditLogUseCase audit, Optional<Duration> auditRetention) {
        this.audit = audit;
        this.auditRetention = auditRetention;
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
        if (auditRetention.isPresent()) {
            timer.scheduleWithFixedDelay(() -> {
                try {
                    purgeAuditLog();
                } catch (RuntimeException e) {
                    LOG.warn("audit retention failed, will retry tomorrow: {}", e.toString());
                }
            }, AUDIT_FIRST_RUN.toSeconds(), AUDIT_PERIOD.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** One run of the audit retention job; nothing when audit rows are kept forever. */
    long purgeAuditLog() {
        if (auditRetention.isEmpty()) {
            return 0;
        }
        long purged = audit.purgeOlderThan(auditRetention.get());
        if (purged > 0) {
            LOG.info("purged {} audit rows older than {} days", purged, auditRetention.get().toDays());
        }
        return purged;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
