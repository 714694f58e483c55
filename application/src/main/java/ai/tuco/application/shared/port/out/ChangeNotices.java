package ai.tuco.application.shared.port.out;

/**
 * Tells every node that API keys, workspaces or lines changed, so they drop what they cached of them (ADR 8).
 * Called inside the changing transaction: when, and only if, it commits, this node drops its caches before the call
 * that made the change returns, and the other nodes when the notice reaches them.
 */
public interface ChangeNotices {
    void announce();
}
