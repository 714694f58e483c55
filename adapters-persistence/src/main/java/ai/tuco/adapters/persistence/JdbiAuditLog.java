package ai.tuco.adapters.persistence;

import ai.tuco.application.port.out.AuditLog;
import org.jdbi.v3.core.Jdbi;

/** Audit rows in {@code audit_log}, written in the caller's transaction. */
public final class JdbiAuditLog implements AuditLog {
    private final Jdbi jdbi;

    public JdbiAuditLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void append(Entry e) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO audit_log (workspace_id, actor_type, actor_id, action, target_type, target_id,
                                               ip, correlation_id, detail, at)
                        VALUES (:workspaceId, :actorType, :actorId, :action, :targetType, :targetId,
                                :ip, :correlationId, CAST(:detail AS jsonb), :at)""")
                .bind("workspaceId", e.workspaceId().map(Object::toString).orElse(null))
                .bind("actorType", e.actor().type())
                .bind("actorId", e.actor().id())
                .bind("action", e.action())
                .bind("targetType", e.targetType())
                .bind("targetId", e.targetId())
                .bind("ip", e.actor().ip().orElse(null))
                .bind("correlationId", e.actor().correlationId().orElse(null))
                .bind("detail", Json.write(e.detail()))
                .bind("at", e.at())
                .execute());
    }
}
