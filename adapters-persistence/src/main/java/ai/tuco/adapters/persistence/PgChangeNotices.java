package ai.tuco.adapters.persistence;

import ai.tuco.application.port.out.ChangeNotices;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code NOTIFY tuco_changes} in the caller's transaction: PostgreSQL delivers it to every listening node at commit
 * (and drops it on rollback). Only rare admin changes send it, so the commit-time lock NOTIFY takes costs nothing.
 */
public final class PgChangeNotices implements ChangeNotices {
    public static final String CHANNEL = "tuco_changes";

    private final Jdbi jdbi;

    public PgChangeNotices(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void announce() {
        jdbi.useHandle(h -> h.execute("NOTIFY " + CHANNEL));
    }
}
