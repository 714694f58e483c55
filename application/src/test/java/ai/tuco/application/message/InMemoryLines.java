package ai.tuco.application.message;

import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lines in memory; {@link #assignNext} rotates through capable lines, least recently assigned first. */
final class InMemoryLines implements LineRepository {
    final List<Line> lines = new ArrayList<>();
    private final Map<LineId, Instant> assignedAt = new HashMap<>();

    InMemoryLines add(Line line) {
        lines.add(line);
        return this;
    }

    @Override
    public void insert(Line line, Map<String, String> providerConfig) {
        lines.add(line);
    }

    @Override
    public void update(Line line, Optional<Map<String, String>> providerConfig) {
        lines.replaceAll(l -> l.id().equals(line.id()) ? line : l);
    }

    @Override
    public Optional<Line> findById(WorkspaceId workspaceId, LineId id) {
        return lines.stream().filter(l -> l.workspaceId().equals(workspaceId) && l.id().equals(id)).findFirst();
    }

    @Override
    public List<Line> listByWorkspace(WorkspaceId workspaceId) {
        return lines.stream().filter(l -> l.workspaceId().equals(workspaceId)).toList();
    }

    @Override
    public List<Line> listByOwner(WorkspaceId workspaceId, UserId owner) {
        return listByWorkspace(workspaceId).stream().filter(l -> l.ownerUserId().equals(Optional.of(owner))).toList();
    }

    @Override
    public Optional<Line> assignNext(WorkspaceId workspaceId, Channel channel, Instant now) {
        Optional<Line> next = listByWorkspace(workspaceId).stream()
                .filter(l -> l.canSend(channel))
                .min(Comparator.comparing(l -> assignedAt.getOrDefault(l.id(), Instant.EPOCH)));
        next.ifPresent(l -> assignedAt.put(l.id(), now));
        return next;
    }

    @Override
    public boolean anyActive(WorkspaceId workspaceId, Channel channel) {
        return listByWorkspace(workspaceId).stream().anyMatch(l -> l.canSend(channel));
    }

    @Override
    public Map<LineId, Usage> dailyUsage(WorkspaceId workspaceId, LocalDate day) {
        return Map.of();
    }
}
