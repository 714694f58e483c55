package ai.tuco.application.shared;

import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LineId;
import java.util.List;
import java.util.Set;

/**
 * A workspace's lines and which of them are unhealthy, as an accept without {@code fromLineId} chooses among them;
 * read once per batch, or reused for the read caches' bound (ADR 8, ADR 22).
 */
public record WorkspaceLines(List<Line> lines, Set<LineId> unhealthy) {
    public WorkspaceLines {
        lines = List.copyOf(lines);
        unhealthy = Set.copyOf(unhealthy);
    }

    public boolean anyCanSend(Channel channel) {
        return lines.stream().anyMatch(l -> l.canSend(channel));
    }
}
