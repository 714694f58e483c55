package ai.tuco.application.lead;

import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lines in creation order; only the reads the availability check makes are supported. */
final class FakeLines implements LineRepository {
    final List<Line> lines = new ArrayList<>();

    @Override
    public List<Line> listByWorkspace(WorkspaceId workspaceId) {
        return lines.stream().filter(l -> l.workspaceId().equals(workspaceId)).toList();
    }

    @Override
    public Optional<Line> findById(WorkspaceId workspaceId, LineId id) {
        return listByWorkspace(workspaceId).stream().filter(l -> l.id().equals(id)).findFirst();
    }

    @Override
    public void insert(Line line, Map<String, String> providerConfig) {
        lines.add(line);
    }

    @Override
    public void update(Line line, Optional<Map<String, String>> providerConfig) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Line> listByOwner(WorkspaceId workspaceId, UserId owner) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Line> assignNext(WorkspaceId workspaceId, Channel channel, Instant now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean anyActive(WorkspaceId workspaceId, Channel channel) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<LineId, Usage> dailyUsage(WorkspaceId workspaceId, LocalDate day) {
        throw new UnsupportedOperationException();
    }
}
