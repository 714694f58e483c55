package ai.tuco.application.audit.port.in;

import java.time.Duration;

/** The retention job's one way to delete audit rows (never reachable from the API). */
public interface PurgeAuditLogUseCase {
    /**
     * Deletes the audit rows older than {@code retention} before now, in batches.
     *
     * @param retention positive
     * @return how many rows were deleted
     */
    long purgeOlderThan(Duration retention);
}
