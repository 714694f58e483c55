package ai.tuco.application.testing;

import ai.tuco.application.shared.port.out.TransactionRunner;
import java.util.function.Supplier;

/** Runs the work at once on the caller's thread, counting transactions. */
public final class InlineTransactions implements TransactionRunner {
    private int count;

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        count++;
        return work.get();
    }

    @Override
    public Failure classify(RuntimeException thrown) {
        return thrown instanceof InMemoryDuplicate ? Failure.DUPLICATE : Failure.OTHER;
    }

    public int count() {
        return count;
    }
}
