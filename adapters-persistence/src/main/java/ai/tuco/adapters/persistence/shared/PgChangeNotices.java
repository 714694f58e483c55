package ai.tuco.adapters.persistence.shared;

import ai.tuco.application.shared.port.out.ChangeNotices;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code NOTIFY tuco_changes} in the caller's transaction: PostgreSQL delivers it to every listening node at commit
 * (and drops it on rollback); {@code onCommitHere} runs on this node right after the commit, so the next request here
 * never waits for the notice to come back. Only rare admin changes send it, so the commit-time lock NOTIFY takes
 * costs nothing.
 */
public final class PgChangeNotices implements ChangeNotices {
    public static final String CHANNEL = "tuco_changes";

    private final Jdbi jdbi;
    private final Runnable onCommitHere;

    public PgChangeNotices(Jdbi jdbi, Runnable onCommitHere) {
        this.jdbi = jdbi;
        this.onCommitHere = onCommitHere;
    }

    @Override
    public void announce() {
        jdbi.useHandle(h -> {
            if (!h.isInTransaction()) {
                // outside one, NOTIFY would go out at once while this node's hook never ran
                throw new IllegalStateException("announce() belongs inside the changing transaction");
            }
            h.execute("NOTIFY " + CHANNEL);
            h.afterCommit(onCommitHere);
        });
    }
}
