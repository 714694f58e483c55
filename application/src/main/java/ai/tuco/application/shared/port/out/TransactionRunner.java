package ai.tuco.application.shared.port.out;

import java.util.function.Supplier;

/** Runs work in one database transaction; repository calls inside it join that transaction. */
public interface TransactionRunner {
    <T> T inTransaction(Supplier<T> work);

    default void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
