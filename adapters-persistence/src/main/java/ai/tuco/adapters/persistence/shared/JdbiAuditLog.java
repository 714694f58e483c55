package ai.tuco.adapters.persistence.shared;

import ai.tuco.application.shared.port.out.AuditLog;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;

/** Audit rows in {@code audit_log}, written in the caller's transaction. */
public final class JdbiAuditLog implements AuditLog {
    private final Jdbi jdbi;

    public JdbiAuditLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The audit row's columns and values, with parameters named {@code a_*}; bound by {@link #bind}. */
    public static final String COLUMNS = "(workspace_id, actor_type, actor_id, action, target_type, target_id, ip, correlation_id, detail, at)";
    public static final String VALUES = """
            (:a_workspaceId, :a_actorType, :a_actorId, :a_action, :a_targetType, :a_targetId,
             :a_ip, :a_correlationId, CAST(:a_detail AS jsonb), :a_at)""";

    @Override
    public void append(Entry e) {
        jdbi.useHandle(h -> bind(h.createUpdate("INSERT INTO audit_log " + COLUMNS + " VALUES " + VALUES), e).execute());
    }

    public static <S extends SqlStatement<S>> S bind(S s, Entry e) {
        return s.bind("a_workspaceId", e.workspaceId().map(Object::toString).orElse(null))
                .bind("a_actorType", e.actor().type())
                .bind("a_actorId", e.actor().id())
                .bind("a_action", e.action())
                .bind("a_targetType", e.targetType())
                .bind("a_targetId", e.targetId())
                .bind("a_ip", e.actor().ip().orElse(null))
                .bind("a_correlationId", e.actor().correlationId().orElse(null))
                .bind("a_detail", Json.write(e.detail()))
                .bind("a_at", e.at());
    }
}
