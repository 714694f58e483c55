package ai.tuco.adapters.persistence.audit;

import ai.tuco.application.audit.port.out.AuditLogRetention;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/** The retention job's deletes, through {@code audit_log_purge} (V9): the only DELETE the append-only triggers let by. */
public final class JdbiAuditLogRetention implements AuditLogRetention {
    private final Jdbi jdbi;

    public JdbiAuditLogRetention(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public int purgeBefore(Instant cutoff, int maxRows) {
        return jdbi.withHandle(h -> h.createQuery("SELECT audit_log_purge(CAST(:cutoff AS timestamptz), :maxRows)")
                .bind("cutoff", cutoff).bind("maxRows", maxRows).mapTo(Integer.class).one());
    }
}
