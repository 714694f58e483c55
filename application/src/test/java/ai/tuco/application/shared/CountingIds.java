package ai.tuco.application.shared;

import ai.tuco.application.shared.port.out.IdGenerator;

/** Ids 000…001, 000…002, … in order. */
public final class CountingIds implements IdGenerator {
    private long next = 1;

    @Override
    public String newId() {
        return String.format("%024x", next++);
    }
}
