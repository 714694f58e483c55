package ai.tuco.application.testing;

import ai.tuco.application.shared.port.out.IdGenerator;

/** Ids 000…001, 000…002, … in the 24-hex shape of real ids. */
public final class CountingIds implements IdGenerator {
    private long next = 1;

    @Override
    public String newId() {
        return String.format("%024x", next++);
    }
}
