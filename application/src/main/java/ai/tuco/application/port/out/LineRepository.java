package ai.tuco.application.port.out;

import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.WorkspaceId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Stores lines; provider credentials go in encrypted and never come back out through this port. */
public interface LineRepository {
    void insert(Line line, Map<String, String> providerConfig);

    Optional<Line> findById(WorkspaceId workspaceId, LineId id);

    List<Line> listByWorkspace(WorkspaceId workspaceId);
}
