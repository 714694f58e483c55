package ai.tuco.application.line;

import ai.tuco.application.line.port.in.ListLinesQuery.LineWithUsage;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.workspace.port.out.UserRepository;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.Actor;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/** What creating and changing a line share: the owner check, the audit row, the answer with today's usage. */
final class LineWrites {
    private LineWrites() {}

    /** @throws UseCaseException NOT_FOUND when the line's owner is not a user of its workspace */
    static void requireOwnerExists(UserRepository users, Line line) {
        if (line.ownerUserId().isPresent() && !users.exists(line.workspaceId(), line.ownerUserId().get())) {
            throw UseCaseException.notFound("User");
        }
    }

    /** Records that the line was written and whether its credentials changed; never their values. */
    static void audit(AuditLog audit, Line line, Actor actor, String action, boolean configChanged) {
        Map<String, String> detail = Map.of(
                "provider", line.provider().wireName(),
                "providerConfigChanged", Boolean.toString(configChanged));
        audit.append(new AuditLog.Entry(Optional.of(line.workspaceId()), actor, action, "line", line.id().value(),
                line.updatedAt(), detail));
    }

    /** The line with its counters of today (UTC). */
    static LineWithUsage withUsage(LineRepository lines, Line line, Clock clock) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        var usage = lines.dailyUsage(line.workspaceId(), today).getOrDefault(line.id(), new LineRepository.Usage(0, 0));
        return new LineWithUsage(line, today, usage.newConversations(), usage.totalMessages());
    }
}
