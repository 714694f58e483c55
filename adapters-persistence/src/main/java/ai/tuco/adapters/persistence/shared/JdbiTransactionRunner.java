package ai.tuco.adapters.persistence.shared;

import ai.tuco.application.shared.port.out.TransactionRunner;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
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

    /**
     * By the SQLState anywhere in the cause chain: 40001 / 40P01 (serialization failure, deadlock) are conflicts that
     * committed nothing; class 08 and a JDBC connection exception mean the connection was lost, possibly during the
     * commit.
     */
    @Override
    public Failure classify(RuntimeException thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return Failure.OUTCOME_UNKNOWN;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("40001") || state.equals("40P01")) {
                    return Failure.CONFLICT;
                }
                if (state.startsWith("08") || state.startsWith("57P")) {
                    return Failure.OUTCOME_UNKNOWN;
                }
                if (state.equals("23505")) {
                    return Failure.DUPLICATE;
                }
            }
        }
        return Failure.OTHER;
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
