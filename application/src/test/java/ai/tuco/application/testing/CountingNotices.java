package ai.tuco.application.testing;

import ai.tuco.application.shared.port.out.ChangeNotices;

/** Counts the change notices announced. */
public final class CountingNotices implements ChangeNotices {
    private int count;

    @Override
    public void announce() {
        count++;
    }

    public int count() {
        return count;
    }
}
