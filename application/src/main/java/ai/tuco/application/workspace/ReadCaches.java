package ai.tuco.application.workspace;

import ai.tuco.application.shared.ExpiringCache;
import ai.tuco.application.shared.WorkspaceLines;
import ai.tuco.application.workspace.port.out.ApiKeyRepository;
import ai.tuco.domain.line.Line;
import java.time.Clock;
import java.time.Duration;

/**
 * The accept path's read caches (ADR 8): API-key credentials with their workspace, by secret digest, and the lines
 * named by {@code fromLineId}, by workspace and id. Emptied together whenever a key, a workspace or a line changes.
 */
public final class ReadCaches {
    private static final int MAX_ENTRIES = 10_000;

    private final ExpiringCache<String, ApiKeyRepository.Credential> credentials;
    private final ExpiringCache<String, Line> lines;
    private final ExpiringCache<String, WorkspaceLines> workspaceLines;

    /** @param ttl at most how long an entry is reused; zero turns both caches off */
    public ReadCaches(Duration ttl, Clock clock) {
        this.credentials = new ExpiringCache<>(ttl, clock, MAX_ENTRIES);
        this.lines = new ExpiringCache<>(ttl, clock, MAX_ENTRIES);
        this.workspaceLines = new ExpiringCache<>(ttl, clock, MAX_ENTRIES);
    }

    public ExpiringCache<String, ApiKeyRepository.Credential> credentials() {
        return credentials;
    }

    public ExpiringCache<String, Line> lines() {
        return lines;
    }

    /** Per workspace: its lines and their health, for the line choice (ADR 22). */
    public ExpiringCache<String, WorkspaceLines> workspaceLines() {
        return workspaceLines;
    }

    public void clear() {
        credentials.clear();
        lines.clear();
        workspaceLines.clear();
    }
}
