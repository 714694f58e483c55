package ai.tuco.application.testing;

import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lines by id; {@code assignNext} gives the first line able to send the channel (no rotation). */
public final class FakeLines implements LineRepository {
    private final Map<LineId, Line> lines = new LinkedHashMap<>();

    public Line add(Line line) {
        lines.put(line.id(), line);
        return line;
    }

    @Override
    public void insert(Line line, Map<String, String> providerConfig) {
        add(line);
    }

    @Override
    public void update(Line line, Optional<Map<String, String>> providerConfig) {
        add(line);
    }

    @Override
    public Optional<Line> findById(WorkspaceId workspaceId, LineId id) {
        return Optional.ofNullable(lines.get(id)).filter(l -> l.workspaceId().equals(workspaceId));
    }

    @Override
    public List<Line> listByWorkspace(WorkspaceId workspaceId) {
        return lines.values().stream().filter(l -> l.workspaceId().equals(workspaceId)).toList();
    }

    @Override
    public List<Line> listByOwner(WorkspaceId workspaceId, UserId owner) {
        return listByWorkspace(workspaceId).stream().filter(l -> l.ownerUserId().equals(Optional.of(owner))).toList();
    }

    @Override
    public Optional<Line> assignNext(WorkspaceId workspaceId, Channel channel, Instant now) {
        return listByWorkspace(workspaceId).stream().filter(l -> l.canSend(channel)).findFirst();
    }

    @Override
    public boolean anyActive(WorkspaceId workspaceId, Channel channel) {
        return assignNext(workspaceId, channel, Instant.EPOCH).isPresent();
    }

    @Override
    public Map<LineId, Usage> dailyUsage(WorkspaceId workspaceId, LocalDate day) {
        return Map.of();
    }
}
