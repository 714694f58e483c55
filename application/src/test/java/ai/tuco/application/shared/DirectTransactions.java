package ai.tuco.application.shared;

import ai.tuco.application.shared.port.out.TransactionRunner;
import java.util.function.Supplier;

/** Runs the work straight away and counts the transactions asked for (the fakes have nothing to roll back). */
public final class DirectTransactions implements TransactionRunner {
    public int opened;

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        opened++;
        return work.get();
    }
}
