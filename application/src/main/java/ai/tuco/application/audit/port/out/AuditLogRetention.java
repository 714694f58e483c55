package ai.tuco.application.audit.port.out;

import java.time.Instant;

/** Deletes old audit rows through the database's one sanctioned path (the append-only triggers refuse any other). */
public interface AuditLogRetention {
    /** Deletes at most {@code maxRows} rows older than {@code cutoff}; returns how many it deleted. */
    int purgeBefore(Instant cutoff, int maxRows);
}
