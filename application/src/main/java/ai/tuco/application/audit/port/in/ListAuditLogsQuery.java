package ai.tuco.application.audit.port.in;

import ai.tuco.application.shared.port.in.Caller;
import java.util.List;
import java.util.Optional;

/** Lists a workspace's audit rows newest first, filtered, a page at a time (admins only). */
public interface ListAuditLogsQuery {
    int DEFAULT_LIMIT = 50;
    int MAX_LIMIT = 100;

    /**
     * @param limit page size, 1 to {@link #MAX_LIMIT}
     * @param after the previous page's {@link AuditLogPage#next()}
     * @throws ai.tuco.application.shared.port.in.UseCaseException FORBIDDEN unless the caller is an admin
     */
    AuditLogPage list(Caller caller, AuditLogFilter filter, int limit, Optional<AuditLogCursor> after);

    /** @param next where the following page starts; empty on the last page */
    record AuditLogPage(List<AuditLogView> auditLogs, Optional<AuditLogCursor> next) {
        public AuditLogPage {
            auditLogs = List.copyOf(auditLogs);
        }
    }
}
