package ai.tuco.application.audit;

import ai.tuco.application.audit.port.in.PurgeAuditLogUseCase;
import ai.tuco.application.audit.port.out.AuditLogRetention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Deletes audit rows past their retention, a batch per statement so no one statement holds locks for long. */
public final class AuditRetentionService implements PurgeAuditLogUseCase {
    static final int BATCH = 10_000;

    private final AuditLogRetention retention;
    private final Clock clock;
    private final int batch;

    public AuditRetentionService(AuditLogRetention retention, Clock clock) {
        this(retention, clock, BATCH);
    }

    AuditRetentionService(AuditLogRetention retention, Clock clock, int batch) {
        this.retention = retention;
        this.clock = clock;
        this.batch = batch;
    }

    @Override
    public long purgeOlderThan(Duration keep) {
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("retention must be positive, got " + keep);
        }
        // one cutoff for every batch, so a run ends even while new rows age past a moving one
        Instant cutoff = clock.instant().minus(keep);
        long total = 0;
        int purged;
        do {
            purged = retention.purgeBefore(cutoff, batch);
            total += purged;
        } while (purged >= batch);
        return total;
    }
}
