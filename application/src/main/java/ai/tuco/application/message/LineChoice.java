package ai.tuco.application.message;

import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.shared.ExpiringCache;
import ai.tuco.application.shared.WorkspaceLines;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.WorkspaceId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The line a new message goes out from: the one the request names ({@code fromLineId}, tried whatever its health),
 * else, healthy or never-checked lines before unhealthy ones, the line that last wrote to the lead (a conversation keeps
 * its sender), else the next line of this node's round-robin over the workspace's lines (ADR 22). Nothing here scans
 * messages or writes a row per choice: the lead's recent lines come from the small {@code lead_lines} table, the
 * rotation is per node, so concurrent accepts of one workspace never wait for each other.
 */
final class LineChoice {
    private final LineRepository lines;
    private final ExpiringCache<String, Line> recentLines;
    private final ExpiringCache<String, WorkspaceLines> workspaceLines;
    private final Map<String, AtomicInteger> rotation = new ConcurrentHashMap<>();

    /**
     * @param recentLines lines named by {@code fromLineId}, reused for a short time (ADR 8)
     * @param workspaceLines each workspace's lines and health, reused for as short a time
     */
    LineChoice(LineRepository lines, ExpiringCache<String, Line> recentLines, ExpiringCache<String, WorkspaceLines> workspaceLines) {
        this.lines = lines;
        this.recentLines = recentLines;
        this.workspaceLines = workspaceLines;
    }

    /** @throws UseCaseException NOT_FOUND for an unknown line; VALIDATION_ERROR on {@code fromLineId} when it cannot send {@code channel} */
    Line named(WorkspaceId ws, LineId id, Channel channel) {
        Line line = recentLines.get(ws.value() + "/" + id.value(), () -> lines.findById(ws, id))
                .orElseThrow(() -> UseCaseException.notFound("Line"));
        if (!line.canSend(channel)) {
            throw UseCaseException.invalid("fromLineId", line.active()
                    ? "line " + id + " cannot send " + channel.wireName()
                    : "line " + id + " is not active");
        }
        return line;
    }

    /** The workspace's lines and their health: read at most once per batch, reused for the read caches' bound. */
    WorkspaceLines load(WorkspaceId ws) {
        return workspaceLines.get(ws.value(), () -> {
            List<Line> all = lines.listByWorkspace(ws);
            List<LineId> active = all.stream().filter(Line::active).map(Line::id).toList();
            return Optional.of(new WorkspaceLines(all, active.isEmpty() ? Set.of() : lines.unhealthy(active)));
        }).orElseThrow();
    }

    /**
     * @param recent the lines that wrote to the lead, most recent first
     * @throws UseCaseException NO_ACTIVE_LINES when no active line of the workspace can send {@code channel}
     */
    Line forLead(WorkspaceId ws, WorkspaceLines wl, Channel channel, List<LineId> recent) {
        Map<LineId, Line> byId = wl.lines().stream().collect(Collectors.toMap(Line::id, Function.identity()));
        Optional<Line> last = recent.stream().map(byId::get).filter(l -> l != null && l.canSend(channel)).findFirst();
        if (last.isPresent() && !wl.unhealthy().contains(last.get().id())) {
            return last.get();
        }
        List<Line> capable = wl.lines().stream().filter(l -> l.canSend(channel))
                .sorted(Comparator.comparing(l -> l.id().value())).toList();
        List<Line> healthy = capable.stream().filter(l -> !wl.unhealthy().contains(l.id())).toList();
        if (healthy.isEmpty() && last.isPresent()) {
            return last.get(); // every capable line is unhealthy too: the conversation keeps its sender
        }
        List<Line> pool = healthy.isEmpty() ? capable : healthy;
        if (pool.isEmpty()) {
            throw noActiveLines(channel);
        }
        AtomicInteger next = rotation.computeIfAbsent(ws.value() + "/" + channel.wireName(),
                k -> new AtomicInteger());
        return pool.get(Math.floorMod(next.getAndIncrement(), pool.size()));
    }

    static UseCaseException noActiveLines(Channel channel) {
        return new UseCaseException(UseCaseException.Kind.INVALID, "NO_ACTIVE_LINES",
                "No active line in this workspace can send " + channel.wireName(), List.of());
    }
}
