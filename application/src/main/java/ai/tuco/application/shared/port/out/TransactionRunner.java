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

    /**
     * Runs {@code action} once the transaction open on this thread commits, never if it rolls back; at once when no
     * transaction is open (what was written is already committed). For effects outside the database, such as counting.
     */
    default void afterCommit(Runnable action) {
        action.run();
    }

    /** How a transaction that threw ended, for callers that retry or split their work. */
    enum Failure {
        /** Refused by a conflict with a concurrent transaction (deadlock, serialization): nothing was committed. */
        CONFLICT,
        /** The connection was lost: the commit may or may not have happened. */
        OUTCOME_UNKNOWN,
        /**
         * A row was refused because its unique key is stored already (a unique violation): nothing was committed. A
         * writer that inserted with {@link OnConflict#FAIL} runs the work again with {@link OnConflict#SKIP}.
         */
        DUPLICATE,
        /** Anything else, such as a statement the database refused: nothing was committed. */
        OTHER
    }

    /** What {@code thrown}, out of {@link #inTransaction}, says about the transaction. */
    default Failure classify(RuntimeException thrown) {
        return Failure.OTHER;
    }
}
