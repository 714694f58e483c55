package ai.tuco.application.provider.port.out;

import ai.tuco.domain.shared.LineId;
import java.time.Instant;

/**
 * Writes what is known of a line's health (its own table, apart from the line's row, so a write neither contends
 * with the dispatch gate nor empties any cache). A credentials failure holds the line's sends: dispatch claims none
 * of its messages until a later check says the line is healthy (or its configuration is replaced).
 */
public interface LineHealthWriter {
    /** The provider refused the line's credentials at {@code at}: unhealthy, sends held. Runs in the caller's transaction. */
    void markUnhealthy(LineId line, String reason, Instant at);

    /** A check at {@code at} found the line healthy: sends are released. */
    void markHealthy(LineId line, Instant at);
}
