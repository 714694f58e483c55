package ai.tuco.bootstrap;

import java.time.Duration;

/** In-process wake-up for this node's dispatchers: a counter they wait on, so a wake between two looks is never lost. */
final class DispatchSignal {
    private long generation;

    synchronized long generation() {
        return generation;
    }

    synchronized void wake() {
        generation++;
        notifyAll();
    }

    /**
     * Wakes one waiting dispatcher (any other sees the change at its next look): for work one claim takes, where
     * waking them all would have the others run a claim that finds it taken.
     */
    synchronized void wakeOne() {
        generation++;
        notify();
    }

    /** Waits until woken after {@code seen} was read, or {@code max} has passed. */
    synchronized void await(long seen, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (generation == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
