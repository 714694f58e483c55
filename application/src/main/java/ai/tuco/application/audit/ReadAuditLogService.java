package ai.tuco.application.audit;

import ai.tuco.application.audit.port.in.AuditLogCursor;
import ai.tuco.application.audit.port.in.AuditLogFilter;
import ai.tuco.application.audit.port.in.AuditLogView;
import ai.tuco.application.audit.port.in.ListAuditLogsQuery;
import ai.tuco.application.audit.port.out.AuditLogReader;
import ai.tuco.application.shared.port.in.Caller;
import java.util.List;
import java.util.Optional;

/** Reads the caller's workspace's audit rows for admins (read-only workspaces included); never writes. */
public final class ReadAuditLogService implements ListAuditLogsQuery {
    private final AuditLogReader reader;

    public ReadAuditLogService(AuditLogReader reader) {
        this.reader = reader;
    }

    @Override
    public AuditLogPage list(Caller caller, AuditLogFilter filter, int limit, Optional<AuditLogCursor> after) {
        caller.requireAdmin();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
        }
        // The reader keeps its own Filter and Position: inbound and outbound ports never share types.
        var byReader = new AuditLogReader.Filter(filter.actorType(), filter.actorId(), filter.action(), filter.targetType(),
                filter.targetId(), filter.from(), filter.to());
        Optional<AuditLogReader.Position> position = after.map(c -> new AuditLogReader.Position(c.at(), c.id()));
        // One row more than asked tells whether there is a next page.
        List<AuditLogReader.Row> rows = reader.list(caller.workspace().id(), byReader, position, limit + 1);
        Optional<AuditLogCursor> next = Optional.empty();
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            AuditLogReader.Row last = rows.get(limit - 1);
            next = Optional.of(new AuditLogCursor(last.at(), last.id()));
        }
        return new AuditLogPage(rows.stream().map(ReadAuditLogService::view).toList(), next);
    }

    private static AuditLogView view(AuditLogReader.Row r) {
        return new AuditLogView(r.id(), r.workspaceId(), r.actorType(), r.actorId(), r.action(), r.targetType(), r.targetId(),
                r.ip(), r.correlationId(), r.detail(), r.at());
    }
}
