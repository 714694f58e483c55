package ai.tuco.application.message;

import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.ExpiringCache;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The line a new message goes out from: the one the request names ({@code fromLineId}, tried whatever its health),
 * else, healthy or never-checked lines before unhealthy ones, the line that last wrote to the lead (a conversation keeps
 * its sender), else the next line of the workspace's round-robin.
 */
final class LineChoice {
    private final MessageRepository messages;
    private final LineRepository lines;
    private final ExpiringCache<String, Line> recentLines;

    /** @param recentLines lines named by {@code fromLineId}, reused for a short time (ADR 8) */
    LineChoice(MessageRepository messages, LineRepository lines, ExpiringCache<String, Line> recentLines) {
        this.messages = messages;
        this.lines = lines;
        this.recentLines = recentLines;
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

    /** @throws UseCaseException NO_ACTIVE_LINES when no active line of the workspace can send {@code channel} */
    Line forLead(WorkspaceId ws, Channel channel, LeadId lead, Instant now) {
        Optional<Line> last = messages.lastLineFor(ws, lead, channel)
                .flatMap(id -> lines.findById(ws, id))
                .filter(l -> l.canSend(channel));
        if (last.isPresent() && lines.unhealthy(List.of(last.get().id())).isEmpty()) {
            return last.get();
        }
        // the rotation puts healthy and unknown lines first: an unhealthy one only when no other is free
        Optional<Line> next = lines.assignNext(ws, channel, now);
        if (last.isPresent() && next.isPresent() && !lines.unhealthy(List.of(next.get().id())).isEmpty()) {
            return last.get(); // every free line is unhealthy too: the conversation keeps its sender
        }
        return next.or(() -> last)
                // assignNext skips lines another accepting transaction holds: when every capable line is held, any
                // capable line will do (the rotation is a preference, never a reason to refuse the message)
                .or(() -> anyCapable(ws, channel))
                .orElseThrow(() -> noActiveLines(channel));
    }

    private Optional<Line> anyCapable(WorkspaceId ws, Channel channel) {
        List<Line> capable = lines.listByWorkspace(ws).stream().filter(l -> l.canSend(channel)).toList();
        if (capable.isEmpty()) {
            return Optional.empty();
        }
        Set<LineId> unhealthy = lines.unhealthy(capable.stream().map(Line::id).toList());
        List<Line> usable = capable.stream().filter(l -> !unhealthy.contains(l.id())).toList();
        List<Line> pool = usable.isEmpty() ? capable : usable;
        return Optional.of(pool.get(ThreadLocalRandom.current().nextInt(pool.size())));
    }

    static UseCaseException noActiveLines(Channel channel) {
        return new UseCaseException(UseCaseException.Kind.INVALID, "NO_ACTIVE_LINES",
                "No active line in this workspace can send " + channel.wireName(), List.of());
    }
}
