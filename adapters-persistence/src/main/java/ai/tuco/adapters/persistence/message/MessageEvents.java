package ai.tuco.adapters.persistence.message;

import ai.tuco.adapters.persistence.shared.Json;
import ai.tuco.domain.message.MessageEvent;
import ai.tuco.domain.message.MessageStatus;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The one writer of message events: every statement that writes a message (an accept, a transition, a batch of
 * transitions) appends the message's event through {@link #first} or {@link #next}, a CTE of that same statement, so
 * the write stays one round trip. The event belongs to the row the statement wrote (a CTE returning {@code id,
 * workspace_id}), so no event exists without its message change.
 *
 * <p>The webhook outbox hooks in here, and only here: a CTE reading {@code events}' RETURNING rows (add the columns
 * it needs) and inserting the outbox rows gives every message event its outbox row in the same statement.
 */
final class MessageEvents {
    private MessageEvents() {}

    /** The CTE {@code events}: the bound event as event 1 of the message just inserted by CTE {@code written}. */
    static String first(String written) {
        return cte(written, "1");
    }

    /** The CTE {@code events}: the bound event after the last one of the message updated by CTE {@code written}. */
    static String next(String written) {
        return cte(written, "coalesce((SELECT max(x.seq) FROM message_events x WHERE x.message_id = w.id), 0) + 1");
    }

    private static String cte(String written, String seq) {
        return """
                events AS (
                    INSERT INTO message_events (message_id, seq, workspace_id, type, from_status, to_status, at, detail)
                    SELECT w.id, %s, w.workspace_id, :eventType, :eventFrom, :eventTo, :eventAt, CAST(:eventDetail AS jsonb)
                    FROM %s w
                    RETURNING message_id, seq)""".formatted(seq, written);
    }

    /** Binds the event that {@link #first} or {@link #next} writes. */
    static <S extends SqlStatement<S>> S bind(S statement, MessageEvent e) {
        return statement.bind("eventType", e.type())
                .bind("eventFrom", e.fromStatus().map(MessageStatus::wireName).orElse(null))
                .bind("eventTo", e.toStatus().wireName())
                .bind("eventAt", e.at())
                .bind("eventDetail", Json.write(e.detail()));
    }
}
