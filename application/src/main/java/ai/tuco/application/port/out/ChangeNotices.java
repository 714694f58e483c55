package ai.tuco.application.port.out;

/**
 * Tells every node that API keys, workspaces or lines changed, so they drop what they cached of them (ADR 8).
 * Called inside the changing transaction: the notice goes out when, and only if, it commits.
 */
public interface ChangeNotices {
    void announce();
}
