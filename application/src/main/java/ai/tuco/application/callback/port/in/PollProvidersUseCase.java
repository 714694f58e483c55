package ai.tuco.application.callback.port.in;

/**
 * Catch-up polls of the loaded providers that have an {@code EventPoller}, and the expiry of kept early updates. Driven
 * by a node's scheduler: {@link #afterStart} once, then {@link #pollDue} often (every second or so: each poller's own
 * interval decides what is due).
 */
public interface PollProvidersUseCase {
    /** Makes every per-line poll due now (a catch-up right after start, whatever the previous run left). */
    void afterStart();

    /**
     * Runs the polls due now: per line, those this node claimed (one node per line per interval); per provider, this
     * node's own when its interval passed. A failing poll is logged and retried the next interval.
     *
     * @return how many polls ran
     */
    int pollDue();

    /** Deletes early updates kept longer than an hour. @return how many */
    int purgeExpiredEarlyUpdates();
}
