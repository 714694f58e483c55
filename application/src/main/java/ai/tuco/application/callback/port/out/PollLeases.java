package ai.tuco.application.callback.port.out;

import ai.tuco.domain.shared.LineId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Per-line poll leases and cursors, one row per (provider, line): a node claims the due rows of a provider's active
 * lines and moves their next poll an interval on in the same statement (SKIP LOCKED), so however many nodes run, each
 * line is polled by one of them per interval.
 */
public interface PollLeases {
    /** Makes every row of {@code provider} due at {@code now}. */
    void dueNow(String provider, Instant now);

    /**
     * Adds rows for the provider's active lines that have none (due at once), then claims up to {@code limit} due rows
     * of active lines, each moved to {@code now + interval}.
     */
    List<Claimed> claimDue(String provider, Instant now, Duration interval, int limit);

    void saveCursor(String provider, LineId line, String cursor);

    /** A line to poll now, with the cursor its previous poll left (empty the first time). */
    record Claimed(LineId line, Optional<String> cursor) {}
}
