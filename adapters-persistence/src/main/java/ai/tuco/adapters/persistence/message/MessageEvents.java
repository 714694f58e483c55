package ai.tuco.adapters.persistence.message;

import ai.tuco.adapters.persistence.shared.Json;
import ai.tuco.domain.message.MessageEvent;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.webhook.WebhookEvents;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The one writer of message events: every statement that writes a message (an accept, a transition, a batch of
 * transitions) appends the message's event through {@link #first} or {@link #next}, a CTE of that same statement, so
 * the write stays one round trip. The event belongs to the row the statement wrote (a CTE returning {@code id,
 * workspace_id}), so no event exists without its message change.
 *
 * <p>The webhook outbox hooks in here, and only here: the CTE {@code outbox} joins the event to the workspace's enabled
 * endpoints subscribed to its webhook event name ({@link WebhookEvents#of}) and inserts one delivery per endpoint,
 * with the body frozen now: {@code {event, timestamp, workspaceId, data}}, {@code data} being the message as
 * {@code GET /api/messages/{id}} shows it plus the event's {@code seq}, built by SQL from the row the statement wrote
 * (the CTE {@code written} must return every column: {@code RETURNING *}). An event that fires no webhook, or a
 * workspace without endpoints, costs an index probe in the same round trip, no more (ADR 12).
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

    /**
     * The CTE {@code events} of a multi-row accept: event 1 of each message inserted by CTE {@code written}, its type,
     * status, time (microseconds since the epoch) and detail read from the row of CTE {@code input} with the same id. An accept's first event fires
     * no webhook ({@link WebhookEvents#of}), so there is no outbox to join.
     */
    static String firstOfEach(String written, String input) {
        return """
                events AS (
                    INSERT INTO message_events (message_id, seq, workspace_id, type, from_status, to_status, at, detail)
                    SELECT w.id, 1, w.workspace_id, i.event_type, NULL, i.event_to,
                        CAST('epoch' AS timestamptz) + i.event_us * interval '1 microsecond', CAST(i.event_detail AS jsonb)
                    FROM %s w JOIN %s i ON i.id = w.id)""".formatted(written, input);
    }

    /**
     * The CTEs {@code events} and {@code outbox} of a multi-row transition: the next event of each message updated by
     * CTE {@code written}, and its webhook deliveries, the event's fields (and webhook event name, {@code NULL} for
     * none) read from the row of CTE {@code input} with the same id. Each message appears once in {@code input}, so
     * the next seq read from the statement's snapshot is its own.
     */
    static String nextOfEach(String written, String input) {
        return """
                events AS (
                    INSERT INTO message_events (message_id, seq, workspace_id, type, from_status, to_status, at, detail)
                    SELECT w.id, coalesce((SELECT max(x.seq) FROM message_events x WHERE x.message_id = w.id), 0) + 1,
                        w.workspace_id, i.event_type, i.event_from, i.event_to, i.event_at, CAST(i.event_detail AS jsonb)
                    FROM %1$s w JOIN %2$s i ON i.id = w.id
                    RETURNING message_id, seq),
                """.formatted(written, input) + outbox("%s w JOIN %s i ON i.id = w.id AND i.webhook_event IS NOT NULL"
                .formatted(written, input), "i.webhook_event", "i.event_at");
    }

    private static String cte(String written, String seq) {
        return """
                events AS (
                    INSERT INTO message_events (message_id, seq, workspace_id, type, from_status, to_status, at, detail)
                    SELECT w.id, %s, w.workspace_id, :eventType, :eventFrom, :eventTo, :eventAt, CAST(:eventDetail AS jsonb)
                    FROM %s w
                    RETURNING message_id, seq),
                """.formatted(seq, written) + outbox("(SELECT CAST(:webhookEvent AS text) AS name) ep_event JOIN %s w ON ep_event.name IS NOT NULL"
                .formatted(written), "ep_event.name", "CAST(:eventAt AS timestamptz)");
    }

    /**
     * The CTE {@code outbox}: one webhook delivery per enabled endpoint of the workspace subscribed to the event
     * {@code name}, for each message {@code w} of {@code from} with its event {@code e} (CTE {@code events}), the body
     * frozen at {@code at}.
     */
    private static String outbox(String from, String name, String at) {
        return """
                outbox AS (
                    INSERT INTO webhook_deliveries (id, workspace_id, endpoint_id, message_id, seq, event, body,
                        next_attempt_at, created_at)
                    SELECT tuco_object_id(), w.workspace_id, ep.id, w.id, e.seq, %2$s,
                        json_build_object('event', %2$s, 'timestamp', tuco_wire_time(%3$s),
                            'workspaceId', w.workspace_id, 'data', %4$s)::text,
                        %3$s, %3$s
                    FROM %1$s
                    JOIN events e ON e.message_id = w.id
                    JOIN webhook_endpoints ep ON ep.workspace_id = w.workspace_id AND ep.enabled
                        AND ep.events @> ARRAY[%2$s]
                    LEFT JOIN lines l ON l.id = w.line_id
                    RETURNING id)""".formatted(from, name, at, MESSAGE_JSON);
    }

    /**
     * The wire message object ({@code MessageJson.from} in adapters-http) built from the written row {@code w} and
     * its line {@code l}, keys in the same order, plus {@code seq}. {@code WebhookPayloadTest} and the end-to-end
     * webhook test compare the two, so a field added to one and not the other fails a test.
     */
    static final String MESSAGE_JSON = """
            json_build_object(
                '_id', w.id, 'workspaceId', w.workspace_id, 'message', w.template, 'renderedMessage', w.rendered_message,
                'messageType', w.message_type, 'status', w.status, 'fromLineId', w.line_id,
                'fromLinePhone', l.phone, 'fromLineEmail', l.email, 'leadId', w.lead_id,
                'recipientPhone', w.recipient_phone, 'recipientEmail', w.recipient_email,
                'recipientName', nullif(w.recipient_name, ''), 'subject', w.subject,
                'scheduledDate', tuco_wire_time(w.scheduled_date),
                'settings', CASE WHEN w.timezone IS NULL THEN NULL ELSE json_build_object(
                    'timezone', w.timezone, 'sendWindowStart', w.send_window_start, 'sendWindowEnd', w.send_window_end,
                    'allowedDaysOfWeek', to_json(coalesce(w.allowed_days, CAST('{0,1,2,3,4,5,6}' AS smallint[])))) END,
                'batchId', w.batch_id, 'correlationId', w.correlation_id, 'createdByUserId', w.created_by_user_id,
                'externalMessageId', w.external_message_id, 'errorCode', w.error_code, 'errorMessage', w.error_message,
                'checkedAddresses', to_json(w.checked_addresses), 'sendFallbackSmsOnFailed', w.send_fallback_sms,
                'fallbackMessageId', w.fallback_message_id, 'sentAt', tuco_wire_time(w.sent_at),
                'deliveredAt', tuco_wire_time(w.delivered_at), 'readAt', tuco_wire_time(w.read_at),
                'createdAt', tuco_wire_time(w.created_at), 'updatedAt', tuco_wire_time(w.updated_at),
                'replyCount', w.reply_count, 'lastReplyAt', tuco_wire_time(w.last_reply_at),
                'seq', e.seq)""";

    /** Binds the event that {@link #first} or {@link #next} writes. */
    static <S extends SqlStatement<S>> S bind(S statement, MessageEvent e) {
        return statement.bind("eventType", e.type())
                .bind("eventFrom", e.fromStatus().map(MessageStatus::wireName).orElse(null))
                .bind("eventTo", e.toStatus().wireName())
                .bind("eventAt", e.at())
                .bind("eventDetail", Json.write(e.detail()))
                .bind("webhookEvent", WebhookEvents.of(e).orElse(null));
    }
}
