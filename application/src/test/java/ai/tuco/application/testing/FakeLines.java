package ai.tuco.application.testing;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lines by id in creation order, with the provider configuration each write was handed (the port never returns it);
 * {@code assignNext} rotates through the lines able to send the channel, least recently assigned first, as the real
 * adapter does; daily usage is what the test {@link #usage sets}.
 */
public final class FakeLines implements LineRepository {
    private final Map<LineId, Line> rows = new LinkedHashMap<>();
    private final Map<LineId, Map<String, String>> configs = new HashMap<>();
    private final List<Optional<Map<String, String>>> updates = new ArrayList<>();
    private final Map<LineId, Instant> assignedAt = new HashMap<>();
    private final Map<WorkspaceId, Map<LineId, Usage>> usage = new HashMap<>();
    private LocalDate usageDay;

    /** A line stored as it is (set-up). */
    public Line add(Line line) {
        rows.put(line.id(), line);
        return line;
    }

    /** What {@code dailyUsage} answers for the workspace. */
    public void usage(WorkspaceId workspaceId, Map<LineId, Usage> byLine) {
        usage.put(workspaceId, byLine);
    }

    @Override
    public void insert(Line line, Map<String, String> providerConfig) {
        rows.put(line.id(), line);
        configs.put(line.id(), Map.copyOf(providerConfig));
    }

    @Override
    public void update(Line line, Optional<Map<String, String>> providerConfig) {
        rows.put(line.id(), line);
        updates.add(providerConfig);
        providerConfig.ifPresent(c -> configs.put(line.id(), Map.copyOf(c)));
    }

    @Override
    public Optional<Line> findById(WorkspaceId workspaceId, LineId id) {
        return Optional.ofNullable(rows.get(id)).filter(l -> l.workspaceId().equals(workspaceId));
    }

    @Override
    public List<Line> listByWorkspace(WorkspaceId workspaceId) {
        return rows.values().stream().filter(l -> l.workspaceId().equals(workspaceId)).toList();
    }

    @Override
    public List<Line> listByOwner(WorkspaceId workspaceId, UserId owner) {
        return listByWorkspace(workspaceId).stream().filter(l -> l.ownerUserId().equals(Optional.of(owner))).toList();
    }

    @Override
    public Optional<Line> assignNext(WorkspaceId workspaceId, Channel channel, Instant now) {
        Optional<Line> next = listByWorkspace(workspaceId).stream()
                .filter(l -> l.canSend(channel))
                .min(Comparator.comparing(l -> assignedAt.getOrDefault(l.id(), Instant.MIN)));
        next.ifPresent(l -> assignedAt.put(l.id(), now));
        return next;
    }

    @Override
    public boolean anyActive(WorkspaceId workspaceId, Channel channel) {
        return listByWorkspace(workspaceId).stream().anyMatch(l -> l.canSend(channel));
    }

    @Override
    public Map<LineId, Usage> dailyUsage(WorkspaceId workspaceId, LocalDate day) {
        usageDay = day;
        return usage.getOrDefault(workspaceId, Map.of());
    }

    /** Every stored line by id, in creation order. */
    public Map<LineId, Line> rows() {
        return new LinkedHashMap<>(rows);
    }

    /** The provider configuration last handed to the repository for each line. */
    public Map<LineId, Map<String, String>> configs() {
        return Map.copyOf(configs);
    }

    /** The configuration argument of each {@code update}, in order. */
    public List<Optional<Map<String, String>>> updates() {
        return List.copyOf(updates);
    }

    /** The day {@code dailyUsage} was last asked for. */
    public LocalDate usageDay() {
        return usageDay;
    }
}
