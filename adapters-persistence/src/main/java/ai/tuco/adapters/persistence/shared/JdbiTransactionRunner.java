package ai.tuco.adapters.persistence.shared;

import ai.tuco.application.shared.port.out.TransactionRunner;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs work in one Jdbi transaction. Jdbi keeps the open handle on the thread, so every repository call made
 * inside (each through {@code jdbi.withHandle}) joins the same transaction; a nested call joins the outer one.
 */
public final class JdbiTransactionRunner implements TransactionRunner {
    private final Jdbi jdbi;

    public JdbiTransactionRunner(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return jdbi.inTransaction(handle -> work.get());
    }
}
