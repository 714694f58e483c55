package ai.tuco.adapters.persistence.message;

import ai.tuco.application.lead.port.out.WaitingMessages;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import org.jdbi.v3.core.Jdbi;

/**
 * Bulk cancellation in one statement: the message rows, one event each and the queue rows. A message a dispatcher
 * claimed meanwhile is no longer waiting when the row lock is granted, and the re-checked condition skips it.
 */
public final class JdbiWaitingMessages implements WaitingMessages {
    private final Jdbi jdbi;

    public JdbiWaitingMessages(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public int cancelForLeads(WorkspaceId workspaceId, Collection<LeadId> leads, String errorCode, String errorMessage, Instant at) {
        if (leads.isEmpty()) {
            return 0;
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        WITH old AS (
                            SELECT id, status FROM messages
                            WHERE workspace_id = :w AND lead_id = ANY(:leads) AND status IN ('scheduled', 'queued', 'pending')
                        ), cancelled AS (
                            UPDATE messages m SET status = 'cancelled', error_code = :code, error_message = :message,
                                updated_at = :at, version = m.version + 1
                            FROM old WHERE m.id = old.id AND m.status IN ('scheduled', 'queued', 'pending')
                            RETURNING m.id, m.workspace_id, old.status AS from_status
                        ), events AS (
                            INSERT INTO message_events (message_id, seq, workspace_id, type, from_status, to_status, at, detail)
                            SELECT c.id, (SELECT coalesce(max(e.seq), 0) + 1 FROM message_events e WHERE e.message_id = c.id),
                                   c.workspace_id, 'status_changed', c.from_status, 'cancelled', :at,
                                   jsonb_build_object('errorCode', CAST(:code AS text), 'errorMessage', CAST(:message AS text))
                            FROM cancelled c
                        ), dequeued AS (
                            DELETE FROM dispatch_queue q USING cancelled c WHERE q.message_id = c.id
                        )
                        SELECT count(*) FROM cancelled""")
                .bind("w", workspaceId.value())
                .bind("leads", leads.stream().map(LeadId::value).toArray(String[]::new))
                .bind("code", errorCode)
                .bind("message", errorMessage)
                .bind("at", at)
                .mapTo(Integer.class)
                .one());
    }
}
