package ai.tuco.application.dispatch.port.out;

import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import ai.tuco.domain.shared.LineId;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Status updates that named a provider id no message of the line has yet: the provider answered faster than our record
 * of the send committed. They are kept and applied when the send is recorded; kept ones expire (purged after an hour).
 *
 * <p>Both sides serialise on the (line, provider id) pair for the rest of their transaction ({@link #guard} on the
 * callback side before it looks the message up; {@link #takeFor} on the send side after it stored the provider id), so
 * an update is either found by the lookup or kept before the send side takes the kept ones: never lost between them.
 */
public interface EarlyUpdates {
    /** Keeps nothing, finds nothing: for callers (tests) without early callbacks. */
    EarlyUpdates NONE = new EarlyUpdates() {
        @Override
        public void guard(LineId line, String externalId) {}

        @Override
        public void keep(LineId line, StatusUpdate update, Instant receivedAt) {}

        @Override
        public List<StatusUpdate> takeFor(LineId line, String externalId) {
            return List.of();
        }

        @Override
        public int purgeReceivedBefore(Instant cutoff) {
            return 0;
        }
    };

    /** Waits for, then holds until the transaction ends, the pair's lock. */
    void guard(LineId line, String externalId);

    /** Keeps an update naming {@code update.externalId()} (in the caller's transaction, after {@link #guard}). */
    void keep(LineId line, StatusUpdate update, Instant receivedAt);

    /** Takes the pair's lock, then removes and returns its kept updates in the order they came. */
    List<StatusUpdate> takeFor(LineId line, String externalId);

    /**
     * {@link #takeFor} for several sends just stored (the pairs' locks taken in a fixed order, then every kept update
     * removed). @return the kept updates of each pair that has any, each in the order they came
     */
    default Map<Pair, List<StatusUpdate>> takeForAll(List<Pair> pairs) {
        Map<Pair, List<StatusUpdate>> out = new HashMap<>();
        for (Pair p : pairs) {
            List<StatusUpdate> kept = takeFor(p.line(), p.externalId());
            if (!kept.isEmpty()) {
                out.put(p, kept);
            }
        }
        return out;
    }

    /** A line and a provider id it sent under. */
    record Pair(LineId line, String externalId) {}

    /** Deletes kept updates received before {@code cutoff}. @return how many */
    int purgeReceivedBefore(Instant cutoff);
}
