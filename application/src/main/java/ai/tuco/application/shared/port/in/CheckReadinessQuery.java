package ai.tuco.application.shared.port.in;

import java.util.Map;

/** Whether this node can serve traffic, check by check. */
public interface CheckReadinessQuery {
    Readiness readiness();

    /** @param checks check name to "ok" or the reason it failed */
    record Readiness(boolean ready, Map<String, String> checks) {}
}
