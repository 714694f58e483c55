package ai.tuco.application.testing;

/**
 * What the in-memory stores throw where PostgreSQL would refuse a row with a unique violation; {@link InlineTransactions}
 * classifies it as {@link ai.tuco.application.shared.port.out.TransactionRunner.Failure#DUPLICATE}.
 */
public final class InMemoryDuplicate extends RuntimeException {
    public InMemoryDuplicate(String what) {
        super("duplicate key: " + what);
    }
}
