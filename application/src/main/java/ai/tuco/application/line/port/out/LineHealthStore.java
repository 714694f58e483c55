package ai.tuco.application.line.port.out;

import ai.tuco.domain.line.LineHealth;
import ai.tuco.domain.shared.LineId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Lines' health, in its own table: writing a result neither takes the dispatch gate's row locks nor announces a change
 * (health is not something the accept path caches).
 */
public interface LineHealthStore {
    /** The last result of each line that has one (lines never checked are absent). */
    Map<LineId, LineHealth> find(Collection<LineId> lines);

    void record(LineId line, LineHealth health);

    /**
     * Claims up to {@code limit} active lines whose periodic check is due at {@code now}, moving each one's next check to
     * {@code now + every} in the same statement (rows locked with SKIP LOCKED): however many nodes ask, one of them gets
     * a given line per interval.
     */
    List<LineId> claimDueChecks(Instant now, Duration every, int limit);
}
