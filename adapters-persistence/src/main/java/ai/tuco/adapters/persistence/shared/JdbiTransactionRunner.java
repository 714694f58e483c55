package ai.tuco.adapters.persistence.shared;

import ai.tuco.application.shared.port.out.TransactionRunner;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs work in one Jdbi transaction. Jdbi keeps the open handle on the thread, so every repository call made
 * inside (each through {@code jdbi.withHandle}) joins the same transaction; a nested call joins the outer one.
 */
public final class JdbiTransactionRunner implements TransactionRunner {
    private final Jdbi jdbi;
    /** The handle of the transaction this runner opened on the thread, for {@link #afterCommit}. */
    private final ThreadLocal<Handle> open = new ThreadLocal<>();

    public JdbiTransactionRunner(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return jdbi.inTransaction(handle -> {
            Handle outer = open.get();
            open.set(handle);
            try {
                return work.get();
            } finally {
                if (outer == null) {
                    open.remove();
                } else {
                    open.set(outer);
                }
            }
        });
    }

    /** Jdbi runs it when the outermost transaction commits (a nested one joins it and commits nothing itself). */
    @Override
    public void afterCommit(Runnable action) {
        Handle handle = open.get();
        if (handle == null || !handle.isInTransaction()) {
            action.run();
        } else {
            handle.afterCommit(action);
        }
    }
}
