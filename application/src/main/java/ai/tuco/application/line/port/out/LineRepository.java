package ai.tuco.application.line.port.out;

import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Stores lines; provider credentials go in encrypted and never come back out through this port. */
public interface LineRepository {
    void insert(Line line, Map<String, String> providerConfig);

    /** Rewrites the line; the provider configuration only when one is given (sealed anew). */
    void update(Line line, Optional<Map<String, String>> providerConfig);

    Optional<Line> findById(WorkspaceId workspaceId, LineId id);

    List<Line> listByWorkspace(WorkspaceId workspaceId);

    /** Lines of the workspace owned by {@code owner}. */
    List<Line> listByOwner(WorkspaceId workspaceId, UserId owner);

    /**
     * Round-robin: the active line of the workspace that can send {@code channel} and was assigned least recently,
     * healthy or never-checked lines before unhealthy ones, marked as assigned at {@code now}. Concurrent callers get
     * different lines where there are several.
     */
    Optional<Line> assignNext(WorkspaceId workspaceId, Channel channel, Instant now);

    /** Which of {@code ids} their last health check found unhealthy (lines never checked are not). */
    default Set<LineId> unhealthy(Collection<LineId> ids) {
        return Set.of();
    }

    boolean anyActive(WorkspaceId workspaceId, Channel channel);

    /** Today's counters per line: new conversations and total messages in the UTC day {@code day}. */
    Map<LineId, Usage> dailyUsage(WorkspaceId workspaceId, LocalDate day);

    record Usage(int newConversations, int totalMessages) {}
}
