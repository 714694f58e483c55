package ai.tuco.application.testing;

import ai.tuco.application.shared.port.out.IdGenerator;

/** Ids 000…001, 000…002, … (or from another first number) in the 24-hex shape of real ids. */
public final class CountingIds implements IdGenerator {
    private long next;

    public CountingIds() {
        this(1);
    }

    public CountingIds(long first) {
        next = first;
    }

    @Override
    public String newId() {
        return TestData.hex(next++);
    }
}
