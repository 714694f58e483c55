package ai.tuco.adapters.persistence.message;

import ai.tuco.adapters.persistence.shared.JdbiAuditLog;
import ai.tuco.adapters.persistence.shared.Json;
import ai.tuco.adapters.persistence.shared.Rows;
import ai.tuco.adapters.persistence.shared.TextColumns;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.OnConflict;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageEvent;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.message.RecordedEvent;
import ai.tuco.domain.message.SendWindow;
import ai.tuco.domain.message.Transition;
import ai.tuco.domain.message.WireDays;
import ai.tuco.domain.message.WireTime;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.webhook.WebhookEvents;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

/**
 * Messages, their events and their dispatch-queue rows in PostgreSQL. A write that put rows in the webhook outbox runs
 * {@code outboxWritten} once its transaction commits (at once outside one), so webhook workers start without waiting
 * for their poll.
 */
public final class JdbiMessageRepository implements MessageRepository {
    private static final Set<MessageStatus> WAITING =
            Set.of(MessageStatus.SCHEDULED, MessageStatus.QUEUED, MessageStatus.PENDING, MessageStatus.SENDING);

    private final Jdbi jdbi;
    private final Runnable outboxWritten;

    public JdbiMessageRepository(Jdbi jdbi) {
        this(jdbi, () -> {});
    }

    /** @param outboxWritten run after the commit of a write that inserted webhook deliveries */
    public JdbiMessageRepository(Jdbi jdbi, Runnable outboxWritten) {
        this.jdbi = jdbi;
        this.outboxWritten = outboxWritten;
    }

    /** After the handle's transaction commits (dropped on rollback), or now when the write was not in one. */
    private void afterCommit(Handle h) {
        if (h.isInTransaction()) {
            h.afterCommit(outboxWritten);
        } else {
            outboxWritten.run();
        }
    }

    /** The message, its first event, its queue row and its audit entry in one statement (one round trip, not four). */
    @Override
    public void insertAccepted(Message m, MessageEvent first, Optional<AuditLog.Entry> audit) {
        jdbi.useHandle(h -> {
            Update u = MessageEvents.bind(bindMessage(h.createUpdate(audit.isEmpty() ? INSERT_ACCEPTED : INSERT_ACCEPTED_AUDITED), m), first);
            audit.ifPresent(e -> JdbiAuditLog.bind(u, e));
            u.execute();
            // an accepted message fires no webhook today; should its first event ever fire one, wake the workers
            if (WebhookEvents.of(first).isPresent()) {
                afterCommit(h);
            }
        });
    }

    /** Records the lines of the messages written by CTE {@code %s} as their leads' latest (for the line choice). */
    private static final String LEAD_LINES = """
                INSERT INTO lead_lines (lead_id, line_id, workspace_id, last_at)
                SELECT DISTINCT ON (lead_id, line_id) lead_id, line_id, workspace_id, created_at FROM %s
                ORDER BY lead_id, line_id, created_at DESC
                ON CONFLICT (lead_id, line_id) DO UPDATE SET last_at = greatest(lead_lines.last_at, EXCLUDED.last_at)""";
    /** {@link #LEAD_LINES} for leads the same transaction inserted: they have no lead line yet, so nothing to update. */
    private static final String NEW_LEAD_LINES = LEAD_LINES.substring(0, LEAD_LINES.indexOf("\nON CONFLICT"));

    private static final String INSERT_ACCEPTED = """
                WITH m AS (
                    INSERT INTO messages (id, workspace_id, line_id, lead_id, message_type, status, template, rendered_message,
                        subject, recipient_phone, recipient_email, recipient_name, scheduled_date, due_at, timezone,
                        send_window_start, send_window_end, allowed_days, batch_id, correlation_id, created_by_user_id,
                        external_message_id, error_code, error_message, checked_addresses, send_fallback_sms,
                        fallback_message_id, sent_at, delivered_at, read_at, created_at, updated_at)
                    VALUES (:id, :workspaceId, :lineId, :leadId, :type, :status, :template, :rendered,
                        :subject, :phone, :email, :name, :scheduledDate, :dueAt, :timezone,
                        :windowStart, :windowEnd, :days, :batchId, :correlationId, :createdBy,
                        :externalId, :errorCode, :errorMessage, :checked, :fallbackSms,
                        :fallbackId, :sentAt, :deliveredAt, :readAt, :createdAt, :updatedAt)
                    RETURNING *),
                """ + MessageEvents.first("m") + """

                , lead_line AS (""" + LEAD_LINES.formatted("m") + """
                )
                INSERT INTO dispatch_queue (message_id, workspace_id, line_id, due_at)
                SELECT id, :workspaceId, :lineId, :dueAt FROM m""";
    private static final String INSERT_ACCEPTED_AUDITED = INSERT_ACCEPTED.replace("WITH m AS (",
            "WITH a AS (INSERT INTO audit_log " + JdbiAuditLog.COLUMNS + " VALUES " + JdbiAuditLog.VALUES + "),\nm AS (");

    /** A time sent as microseconds since the epoch ({@link #micros}): exact, and any year Java and PostgreSQL know. */
    static final String MICROS = "(CAST('epoch' AS timestamptz) + %s * interval '1 microsecond')";

    static String micros(Instant t) {
        return Long.toString(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000));
    }

    /**
     * Every accepted message of a batch, with its first event, queue row, audit row and lead line, in one statement:
     * the rows arrive as one array per column ({@code unnest}), so the statement is the same whatever the batch size.
     * With {@link OnConflict#SKIP} a message whose id is stored already (a retried batch) is skipped with everything
     * that hangs off it, and every lead line is an upsert. With {@link OnConflict#FAIL} the messages, and the lead lines
     * of leads the same transaction inserted, are plain inserts: no unique-key probe before each row and no
     * speculative-insert confirmation after it (ADR 35).
     */
    private static String insertAcceptedAll(OnConflict onConflict) {
        boolean skip = onConflict == OnConflict.SKIP;
        return INSERT_ACCEPTED_ALL
                .replace("{messages_conflict}", skip ? "ON CONFLICT (id) DO NOTHING" : "")
                .replace("{lead_lines}", skip
                        ? "lead_line AS (" + LEAD_LINES.formatted("m") + ")"
                        : "lead_line AS (" + LEAD_LINES.formatted(
                                "(SELECT m.* FROM m JOIN input i ON i.id = m.id WHERE NOT i.new_lead) known") + "),\n"
                          + "new_lead_line AS (" + NEW_LEAD_LINES.formatted(
                                "(SELECT m.* FROM m JOIN input i ON i.id = m.id WHERE i.new_lead) fresh") + ")");
    }

    private static final String INSERT_ACCEPTED_ALL = """
            WITH input AS (
                SELECT * FROM unnest(CAST(:id AS text[]), CAST(:workspaceId AS text[]), CAST(:lineId AS text[]),
                    CAST(:leadId AS text[]), CAST(:type AS text[]), CAST(:status AS text[]), CAST(:template AS text[]),
                    CAST(:subject AS text[]), CAST(:phone AS text[]), CAST(:email AS text[]), CAST(:name AS text[]),
                    CAST(:scheduledDate AS bigint[]), CAST(:dueAt AS bigint[]), CAST(:timezone AS text[]),
                    CAST(:windowStart AS text[]), CAST(:windowEnd AS text[]), CAST(:days AS text[]),
                    CAST(:batchId AS text[]), CAST(:correlationId AS text[]), CAST(:createdBy AS text[]),
                    CAST(:fallbackSms AS boolean[]), CAST(:createdAt AS bigint[]),
                    CAST(:eventType AS text[]), CAST(:eventTo AS text[]), CAST(:eventAt AS bigint[]),
                    CAST(:eventDetail AS text[]), CAST(:a_actorType AS text[]), CAST(:a_actorId AS text[]),
                    CAST(:a_ip AS text[]), CAST(:a_correlationId AS text[]), CAST(:a_detail AS text[]),
                    CAST(:newLead AS boolean[]))
                    AS t(id, workspace_id, line_id, lead_id, message_type, status, template, subject, recipient_phone,
                         recipient_email, recipient_name, scheduled_us, due_us, timezone, send_window_start,
                         send_window_end, allowed_days, batch_id, correlation_id, created_by_user_id, send_fallback_sms,
                         created_us, event_type, event_to, event_us, event_detail, a_actor_type, a_actor_id, a_ip,
                         a_correlation_id, a_detail, new_lead)),
            m AS (
                INSERT INTO messages (id, workspace_id, line_id, lead_id, message_type, status, template, subject,
                    recipient_phone, recipient_email, recipient_name, scheduled_date, due_at, timezone, send_window_start,
                    send_window_end, allowed_days, batch_id, correlation_id, created_by_user_id, checked_addresses,
                    send_fallback_sms, created_at, updated_at)
                SELECT id, workspace_id, line_id, lead_id, message_type, status, template, subject, recipient_phone,
                    recipient_email, recipient_name, scheduled_date, due_at, timezone, send_window_start, send_window_end,
                    CAST(allowed_days AS smallint[]), batch_id, correlation_id, created_by_user_id, '{}',
                    send_fallback_sms, created_at, created_at
                FROM (SELECT i.*, """ + MICROS.formatted("scheduled_us") + """
                       AS scheduled_date, """ + MICROS.formatted("due_us") + " AS due_at, " + MICROS.formatted("created_us")
                + """
                       AS created_at FROM input i) input
                {messages_conflict}
                RETURNING id, workspace_id, line_id, lead_id, due_at, created_at),
            """ + MessageEvents.firstOfEach("m", "input") + """
            ,
            queued AS (
                INSERT INTO dispatch_queue (message_id, workspace_id, line_id, due_at)
                SELECT id, workspace_id, line_id, due_at FROM m),
            audited AS (
                INSERT INTO audit_log """ + JdbiAuditLog.COLUMNS + """

                SELECT i.workspace_id, i.a_actor_type, i.a_actor_id, 'message.create', 'message', i.id, i.a_ip,
                    i.a_correlation_id, CAST(i.a_detail AS jsonb), m.created_at
                FROM m JOIN input i ON i.id = m.id),
            {lead_lines}
            SELECT id FROM m""";
    private static final String INSERT_ACCEPTED_SKIP = insertAcceptedAll(OnConflict.SKIP);
    private static final String INSERT_ACCEPTED_FAIL = insertAcceptedAll(OnConflict.FAIL);

    @Override
    public Set<MessageId> insertAcceptedAll(List<NewAccept> accepted, OnConflict onConflict) {
        if (accepted.isEmpty()) {
            return Set.of();
        }
        for (NewAccept a : accepted) {
            if (WebhookEvents.of(a.first()).isPresent() || a.first().fromStatus().isPresent()) {
                throw new IllegalArgumentException("an accept's first event fires no webhook and comes from no status");
            }
        }
        TextColumns c = new TextColumns(accepted.size());
        for (NewAccept a : accepted) {
            Message m = a.message();
            Optional<SendWindow> w = m.window();
            c.add("id", m.id().value());
            c.add("workspaceId", m.workspaceId().value());
            c.add("lineId", m.lineId().value());
            c.add("leadId", m.leadId().value());
            c.add("type", m.channel().wireName());
            c.add("status", m.status().wireName());
            c.add("template", m.template());
            c.add("subject", m.subject().orElse(null));
            c.add("phone", m.recipientPhone().map(E164Phone::value).orElse(null));
            c.add("email", m.recipientEmail().map(EmailAddress::value).orElse(null));
            c.add("name", m.recipientName());
            c.add("scheduledDate", m.scheduledDate().map(JdbiMessageRepository::micros).orElse(null));
            c.add("dueAt", micros(m.dueAt()));
            c.add("timezone", w.map(x -> x.zone().getId()).orElse(null));
            c.add("windowStart", w.map(x -> WireTime.formatHhMm(x.start())).orElse(null));
            c.add("windowEnd", w.map(x -> WireTime.formatHhMm(x.end())).orElse(null));
            c.add("days", w.map(x -> x.days().stream().map(WireDays::toWire).sorted().map(String::valueOf)
                    .collect(Collectors.joining(",", "{", "}"))).orElse(null));
            c.add("batchId", m.batchId().orElse(null));
            c.add("correlationId", m.correlationId());
            c.add("createdBy", m.createdByUserId().map(UserId::value).orElse(null));
            c.add("fallbackSms", m.sendFallbackSmsOnFailed() ? "true" : "false");
            c.add("createdAt", micros(m.createdAt()));
            c.add("eventType", a.first().type());
            c.add("eventTo", a.first().toStatus().wireName());
            c.add("eventAt", micros(a.first().at()));
            c.add("eventDetail", Json.write(a.first().detail()));
            c.add("a_actorType", a.audit().actor().type());
            c.add("a_actorId", a.audit().actor().id());
            c.add("a_ip", a.audit().actor().ip().orElse(null));
            c.add("a_correlationId", a.audit().actor().correlationId().orElse(null));
            c.add("a_detail", Json.write(a.audit().detail()));
            c.add("newLead", a.newLead() ? "true" : "false");
        }
        String sql = onConflict == OnConflict.SKIP ? INSERT_ACCEPTED_SKIP : INSERT_ACCEPTED_FAIL;
        return jdbi.withHandle(h -> c.bindTo(h.createQuery(sql))
                .mapTo(String.class).stream().map(MessageId::new).collect(Collectors.toSet()));
    }

    @Override
    public List<Message> findAll(Collection<MessageId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM messages WHERE id = ANY(CAST(:ids AS bpchar[]))")
                .bind("ids", ids.stream().map(MessageId::value).toArray(String[]::new))
                .map(JdbiMessageRepository::map)
                .list());
    }

    @Override
    public java.util.Map<LeadId, List<LineId>> recentLines(WorkspaceId workspaceId, Collection<LeadId> leads) {
        if (leads.isEmpty()) {
            return java.util.Map.of();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT lead_id, line_id FROM lead_lines WHERE lead_id = ANY(CAST(:leads AS bpchar[])) AND workspace_id = :w
                        ORDER BY lead_id, last_at DESC, line_id DESC""")
                .bind("w", workspaceId.value())
                .bind("leads", leads.stream().map(LeadId::value).toArray(String[]::new))
                .reduceRows(new java.util.LinkedHashMap<LeadId, List<LineId>>(), (map, row) -> {
                    map.computeIfAbsent(new LeadId(row.getColumn("lead_id", String.class)), k -> new ArrayList<>())
                            .add(new LineId(row.getColumn("line_id", String.class)));
                    return map;
                }));
    }

    private static <S extends SqlStatement<S>> S bindMessage(S s, Message m) {
        Optional<SendWindow> w = m.window();
        return s.bind("id", m.id().value())
                .bind("workspaceId", m.workspaceId().value())
                .bind("lineId", m.lineId().value())
                .bind("leadId", m.leadId().value())
                .bind("type", m.channel().wireName())
                .bind("status", m.status().wireName())
                .bind("template", m.template())
                .bind("rendered", m.renderedMessage().orElse(null))
                .bind("subject", m.subject().orElse(null))
                .bind("phone", m.recipientPhone().map(E164Phone::value).orElse(null))
                .bind("email", m.recipientEmail().map(EmailAddress::value).orElse(null))
                .bind("name", m.recipientName())
                .bind("scheduledDate", m.scheduledDate().orElse(null))
                .bind("dueAt", m.dueAt())
                .bind("timezone", w.map(x -> x.zone().getId()).orElse(null))
                .bind("windowStart", w.map(x -> WireTime.formatHhMm(x.start())).orElse(null))
                .bind("windowEnd", w.map(x -> WireTime.formatHhMm(x.end())).orElse(null))
                .bind("days", w.map(x -> x.days().stream().map(WireDays::toWire).sorted().map(Integer::shortValue)
                        .toArray(Short[]::new)).orElse(null))
                .bind("batchId", m.batchId().orElse(null))
                .bind("correlationId", m.correlationId())
                .bind("createdBy", m.createdByUserId().map(UserId::value).orElse(null))
                .bind("externalId", m.externalMessageId().orElse(null))
                .bind("errorCode", m.errorCode().orElse(null))
                .bind("errorMessage", m.errorMessage().orElse(null))
                .bind("checked", m.checkedAddresses().toArray(String[]::new))
                .bind("fallbackSms", m.sendFallbackSmsOnFailed())
                .bind("fallbackId", m.fallbackMessageId().map(MessageId::value).orElse(null))
                .bind("sentAt", m.sentAt().orElse(null))
                .bind("deliveredAt", m.deliveredAt().orElse(null))
                .bind("readAt", m.readAt().orElse(null))
                .bind("createdAt", m.createdAt())
                .bind("updatedAt", m.updatedAt())
                .bind("replyCount", m.replyCount())
                .bind("lastReplyAt", m.lastReplyAt().orElse(null));
    }

    @Override
    public Optional<Message> find(WorkspaceId workspaceId, MessageId id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM messages WHERE id = :id AND workspace_id = :w")
                .bind("id", id.value())
                .bind("w", workspaceId.value())
                .map(JdbiMessageRepository::map)
                .findOne());
    }

    @Override
    public Optional<Message> findForUpdate(WorkspaceId workspaceId, MessageId id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM messages WHERE id = :id AND workspace_id = :w FOR UPDATE")
                .bind("id", id.value())
                .bind("w", workspaceId.value())
                .map(JdbiMessageRepository::map)
                .findOne());
    }

    @Override
    public List<RecordedEvent> events(WorkspaceId workspaceId, MessageId id) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT seq, type, from_status, to_status, at, detail::text AS detail FROM message_events
                        WHERE message_id = :id AND workspace_id = :w ORDER BY seq""")
                .bind("id", id.value())
                .bind("w", workspaceId.value())
                .map((rs, ctx) -> new RecordedEvent(rs.getInt("seq"), new MessageEvent(
                        rs.getString("type"),
                        Rows.optString(rs, "from_status").map(JdbiMessageRepository::status),
                        status(rs.getString("to_status")),
                        Rows.instant(rs, "at"),
                        Json.readMap(rs.getString("detail")))))
                .list());
    }

    @Override
    public List<Message> list(WorkspaceId workspaceId, Filter f, Optional<Cursor> after, int limit, Instant now) {
        StringBuilder sql = new StringBuilder("SELECT * FROM messages WHERE workspace_id = :w");
        List<String> conditions = new ArrayList<>();
        f.status().ifPresent(s -> conditions.add(switch (s) {
            case QUEUED -> "(status = 'queued' OR (status = 'scheduled' AND due_at <= :now))";
            case SCHEDULED -> "(status = 'scheduled' AND due_at > :now)";
            default -> "status = :status";
        }));
        f.channel().ifPresent(c -> conditions.add("message_type = :type"));
        f.lineId().ifPresent(l -> conditions.add("line_id = :lineId"));
        f.leadId().ifPresent(l -> conditions.add("lead_id = :leadId"));
        f.batchId().ifPresent(b -> conditions.add("batch_id = :batchId"));
        f.createdFrom().ifPresent(t -> conditions.add("created_at >= :from"));
        f.createdTo().ifPresent(t -> conditions.add("created_at < :to"));
        after.ifPresent(c -> conditions.add("(created_at, id) < (:afterCreated, :afterId)"));
        for (String c : conditions) {
            sql.append(" AND ").append(c);
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql.toString())
                    .bind("w", workspaceId.value())
                    .bind("now", now)
                    .bind("limit", limit);
            f.status().ifPresent(s -> q.bind("status", s.wireName()));
            f.channel().ifPresent(c -> q.bind("type", c.wireName()));
            f.lineId().ifPresent(l -> q.bind("lineId", l.value()));
            f.leadId().ifPresent(l -> q.bind("leadId", l.value()));
            f.batchId().ifPresent(b -> q.bind("batchId", b));
            f.createdFrom().ifPresent(t -> q.bind("from", t));
            f.createdTo().ifPresent(t -> q.bind("to", t));
            after.ifPresent(c -> q.bind("afterCreated", c.createdAt()).bind("afterId", c.id().value()));
            return q.map(JdbiMessageRepository::map).list();
        });
    }

    /**
     * One statement (one round trip instead of three or four): the message row, its next event, and the queue row's
     * removal when the message left the waiting states. Callers hold the message's row lock, so the next seq is theirs;
     * the delete reads the update's output, so the message is still written before its queue row.
     */
    private static final String TRANSITION_CTES = """
                WITH u AS (
                    UPDATE messages SET status = :status, rendered_message = :rendered, due_at = :dueAt,
                        external_message_id = :externalId, error_code = :errorCode, error_message = :errorMessage,
                        checked_addresses = :checked, fallback_message_id = :fallbackId, sent_at = :sentAt,
                        delivered_at = :deliveredAt, read_at = :readAt, updated_at = :updatedAt, reply_count = :replyCount,
                        last_reply_at = :lastReplyAt, version = version + 1, attempts = attempts + :sendAttempts
                    WHERE id = :id AND workspace_id = :workspaceId
                    RETURNING *),
                """ + MessageEvents.next("u");
    private static final String LEAVE_QUEUE = "DELETE FROM dispatch_queue WHERE :leftQueue AND message_id IN (SELECT id FROM u)";
    /** For a JDBC batch, which may not return rows. */
    private static final String RECORD_TRANSITION = TRANSITION_CTES + "\n" + LEAVE_QUEUE;
    /** The same, answering how many webhook deliveries it wrote (data-modifying CTEs run whether read or not). */
    private static final String RECORD_TRANSITION_COUNTING = TRANSITION_CTES + ",\nleft_queue AS (" + LEAVE_QUEUE + ")\n"
            + "SELECT count(*) FROM outbox";

    @Override
    public void recordTransition(Transition t) {
        jdbi.useHandle(h -> {
            if (WebhookEvents.of(t.event()).isEmpty()) {
                bindTransition(h.createUpdate(RECORD_TRANSITION), t, 0).execute();
                return;
            }
            long outbox = bindTransition(h.createQuery(RECORD_TRANSITION_COUNTING), t, 0).mapTo(Long.class).one();
            if (outbox > 0) {
                afterCommit(h);
            }
        });
    }

    /** The same statement once per transition, sent as one JDBC batch (one round trip). */
    @Override
    public void recordTransitions(List<Transition> transitions) {
        recordAll(transitions, 0);
    }

    @Override
    public void recordSendAttempts(List<Transition> transitions) {
        recordAll(transitions, 1);
    }

    /**
     * Several transitions, each message's in the order given, as few statements as the order allows: one multi-row
     * statement ({@link #RECORD_TRANSITIONS}) for each run of transitions of distinct messages (a message's second
     * transition starts a new run, so it reads the row and the event its first one wrote).
     */
    private void recordAll(List<Transition> transitions, int sendAttempts) {
        if (transitions.isEmpty()) {
            return;
        }
        jdbi.useHandle(h -> {
            long outbox = 0;
            int from = 0;
            while (from < transitions.size()) {
                Set<MessageId> seen = new HashSet<>();
                int to = from;
                while (to < transitions.size() && seen.add(transitions.get(to).message().id())) {
                    to++;
                }
                outbox += recordDistinct(h, transitions.subList(from, to), sendAttempts);
                from = to;
            }
            if (outbox > 0) {
                afterCommit(h);
            }
        });
    }

    /** @return how many webhook deliveries the statement wrote */
    private static long recordDistinct(Handle h, List<Transition> transitions, int sendAttempts) {
        TextColumns c = new TextColumns(transitions.size());
        transitions.forEach(t -> addTransition(c, t));
        return c.bindTo(h.createQuery(RECORD_TRANSITIONS)).bind("sendAttempts", sendAttempts).mapTo(Long.class).one();
    }

    /** One row of {@link #RECORD_TRANSITIONS}' (and {@link #RECORD_CLAIMED_SENDS}') columns: the new row and its event. */
    private static void addTransition(TextColumns c, Transition t) {
        Message m = t.message();
        MessageEvent e = t.event();
        c.add("id", m.id().value());
        c.add("workspaceId", m.workspaceId().value());
        c.add("status", m.status().wireName());
        c.add("rendered", m.renderedMessage().orElse(null));
        c.add("dueAt", micros(m.dueAt()));
        c.add("externalId", m.externalMessageId().orElse(null));
        c.add("errorCode", m.errorCode().orElse(null));
        c.add("errorMessage", m.errorMessage().orElse(null));
        c.add("checked", TextColumns.literal(m.checkedAddresses()));
        c.add("fallbackId", m.fallbackMessageId().map(MessageId::value).orElse(null));
        c.add("sentAt", m.sentAt().map(JdbiMessageRepository::micros).orElse(null));
        c.add("deliveredAt", m.deliveredAt().map(JdbiMessageRepository::micros).orElse(null));
        c.add("readAt", m.readAt().map(JdbiMessageRepository::micros).orElse(null));
        c.add("updatedAt", micros(m.updatedAt()));
        c.add("replyCount", Integer.toString(m.replyCount()));
        c.add("lastReplyAt", m.lastReplyAt().map(JdbiMessageRepository::micros).orElse(null));
        c.add("leftQueue", WAITING.contains(m.status()) ? "false" : "true");
        c.add("eventType", e.type());
        c.add("eventFrom", e.fromStatus().map(MessageStatus::wireName).orElse(null));
        c.add("eventTo", e.toStatus().wireName());
        c.add("eventAt", micros(e.at()));
        c.add("eventDetail", Json.write(e.detail()));
        c.add("webhookEvent", WebhookEvents.of(e).orElse(null));
    }

    @Override
    public Set<MessageId> recordSendAttemptsIfClaimed(List<ClaimedSend> sends) {
        if (sends.isEmpty()) {
            return Set.of();
        }
        TextColumns c = new TextColumns(sends.size());
        Set<MessageId> distinct = new HashSet<>();
        for (ClaimedSend s : sends) {
            if (!distinct.add(s.transition().message().id()) || !s.claimed().id().equals(s.transition().message().id())) {
                throw new IllegalArgumentException("each send must be of its claimed message, once: " + s.claimed().id());
            }
            addTransition(c, s.transition());
            c.add("owner", s.owner());
            c.add("attempt", Integer.toString(s.attempt()));
            c.add("claimedAt", micros(s.claimed().updatedAt()));
        }
        return jdbi.withHandle(h -> {
            Set<MessageId> written = new HashSet<>();
            long outbox = 0;
            for (var row : c.bindTo(h.createQuery(RECORD_CLAIMED_SENDS)).bind("sendAttempts", 1)
                    .map((rs, ctx) -> Map.entry(rs.getString("id"), rs.getLong("outbox"))).list()) {
                written.add(new MessageId(row.getKey()));
                outbox = row.getValue();
            }
            if (outbox > 0) {
                afterCommit(h);
            }
            return written;
        });
    }

    /**
     * Transitions of distinct messages in one statement: each message's row, its next event (and webhook deliveries),
     * and its queue row's removal when it left the waiting states. The rows arrive as one array per column
     * ({@code unnest}), so the statement is the same whatever their number; it answers how many webhook deliveries it
     * wrote. Callers hold the messages' row locks, as for {@link #recordTransition}.
     */
    static final String RECORD_TRANSITIONS = transitions(false);

    /**
     * {@link #RECORD_TRANSITIONS} for sends whose messages the caller has not locked (ADR 31): CTE {@code claimed}
     * locks, in id order, each message still as its claim wrote it ({@code sending}, the claim's {@code updated_at}),
     * CTE {@code held} then the queue rows of those still leased to their claims, in the same order as
     * {@code DispatchQueue.lockForOutcomes}; only those are written. Under read committed both re-check their
     * conditions on the row version they lock, so a row changed meanwhile is left out, not overwritten. It answers
     * each id written, with the number of webhook deliveries.
     */
    static final String RECORD_CLAIMED_SENDS = transitions(true);

    private static String transitions(boolean claimed) {
        return """
            WITH input AS (
                SELECT t.id, t.workspace_id, t.status, t.rendered, t.external_id, t.error_code, t.error_message,
                    CAST(t.checked AS text[]) AS checked, t.fallback_id, t.reply_count, t.left_queue, t.event_type,
                    t.event_from, t.event_to, t.event_detail, t.webhook_event, %s AS due_at, %s AS sent_at,
                    %s AS delivered_at, %s AS read_at, %s AS updated_at, %s AS last_reply_at, %s AS event_at%s
                FROM unnest(CAST(:id AS bpchar[]), CAST(:workspaceId AS bpchar[]), CAST(:status AS text[]),
                    CAST(:rendered AS text[]), CAST(:dueAt AS bigint[]), CAST(:externalId AS text[]),
                    CAST(:errorCode AS text[]), CAST(:errorMessage AS text[]), CAST(:checked AS text[]),
                    CAST(:fallbackId AS text[]), CAST(:sentAt AS bigint[]), CAST(:deliveredAt AS bigint[]),
                    CAST(:readAt AS bigint[]), CAST(:updatedAt AS bigint[]), CAST(:replyCount AS int[]),
                    CAST(:lastReplyAt AS bigint[]), CAST(:leftQueue AS boolean[]), CAST(:eventType AS text[]),
                    CAST(:eventFrom AS text[]), CAST(:eventTo AS text[]), CAST(:eventAt AS bigint[]),
                    CAST(:eventDetail AS text[]), CAST(:webhookEvent AS text[])%s)
                    AS t(id, workspace_id, status, rendered, due_us, external_id, error_code, error_message, checked,
                         fallback_id, sent_us, delivered_us, read_us, updated_us, reply_count, last_reply_us, left_queue,
                         event_type, event_from, event_to, event_us, event_detail, webhook_event%s)
                -- always true, and estimated as true of 0.5 %% of the rows (a range of one): the generic plan (ADR 7)
                -- expects one row and probes the primary key for each, where ten expected rows hash a scan of all
                -- messages while the table is empty and never analyzed
                WHERE t.id >= t.id AND t.id <= t.id),
            """.formatted(MICROS.formatted("t.due_us"), MICROS.formatted("t.sent_us"), MICROS.formatted("t.delivered_us"),
                    MICROS.formatted("t.read_us"), MICROS.formatted("t.updated_us"), MICROS.formatted("t.last_reply_us"),
                    MICROS.formatted("t.event_us"),
                    claimed ? ", t.owner, t.attempt, " + MICROS.formatted("t.claimed_us") + " AS claimed_at" : "",
                    claimed ? ", CAST(:owner AS text[]), CAST(:attempt AS int[]), CAST(:claimedAt AS bigint[])" : "",
                    claimed ? ", owner, attempt, claimed_us" : "")
            + (claimed ? """
            claimed AS (
                SELECT m.id FROM input i JOIN messages m ON m.id = i.id AND m.workspace_id IS NOT DISTINCT FROM i.workspace_id
                WHERE m.status = 'sending' AND m.updated_at = i.claimed_at
                ORDER BY m.id FOR UPDATE OF m),
            held AS (
                -- the owner as "not distinct", as in DispatchQueue.lockForOutcomes: never a read of all its leases
                SELECT q.message_id FROM input i JOIN dispatch_queue q ON q.message_id = i.id
                    AND q.lease_owner IS NOT DISTINCT FROM i.owner AND q.attempt = i.attempt
                WHERE EXISTS (SELECT 1 FROM claimed c WHERE c.id = q.message_id)
                ORDER BY q.message_id FOR UPDATE OF q),
            """ : "") + """
            u AS (
                UPDATE messages m SET status = i.status, rendered_message = i.rendered, due_at = i.due_at,
                    external_message_id = i.external_id, error_code = i.error_code, error_message = i.error_message,
                    checked_addresses = i.checked, fallback_message_id = i.fallback_id, sent_at = i.sent_at,
                    delivered_at = i.delivered_at, read_at = i.read_at, updated_at = i.updated_at,
                    reply_count = i.reply_count, last_reply_at = i.last_reply_at, version = m.version + 1,
                    attempts = m.attempts + :sendAttempts
                FROM input i
                -- the workspace (never NULL) as "not distinct": with "=" a plan may read the workspace's whole range
                -- of messages_workspace_created for the id, as the claim's lead read did (ADR 28)
                WHERE m.id = i.id AND m.workspace_id IS NOT DISTINCT FROM i.workspace_id%s
                RETURNING m.*),
            """.formatted(claimed ? " AND m.id IN (SELECT h.message_id FROM held h)" : "")
            + MessageEvents.nextOfEach("u", "input") + """
            ,
            left_queue AS (
                DELETE FROM dispatch_queue q USING u, input i
                WHERE q.message_id = u.id AND i.id = u.id AND i.left_queue)
            """ + (claimed ? "SELECT u.id, (SELECT count(*) FROM outbox) AS outbox FROM u" : "SELECT count(*) FROM outbox");
    }

    /** @param sendAttempts added to the message's count of send attempts (0 or 1) */
    private static <S extends SqlStatement<S>> S bindTransition(S s, Transition t, int sendAttempts) {
        return MessageEvents.bind(bindMessage(s, t.message()), t.event())
                .bind("leftQueue", !WAITING.contains(t.message().status()))
                .bind("sendAttempts", sendAttempts);
    }

    @Override
    public List<Message> findWaitingForUpdate(WorkspaceId workspaceId, Collection<LeadId> leads) {
        if (leads.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM messages
                        WHERE workspace_id = :w AND lead_id = ANY(:leads) AND status IN ('scheduled', 'queued', 'pending')
                        ORDER BY id FOR UPDATE""")
                .bind("w", workspaceId.value())
                .bind("leads", leads.stream().map(LeadId::value).toArray(String[]::new))
                .map(JdbiMessageRepository::map)
                .list());
    }

    private static MessageStatus status(String wire) {
        return MessageStatus.fromWire(wire).orElseThrow(() -> new IllegalStateException("unknown stored status " + wire));
    }

    public static Message map(ResultSet rs, StatementContext ctx) throws SQLException {
        Optional<SendWindow> window = Optional.empty();
        String tz = rs.getString("timezone");
        if (tz != null) {
            java.sql.Array days = rs.getArray("allowed_days");
            Set<DayOfWeek> daySet = days == null ? Set.of(DayOfWeek.values())
                    : java.util.Arrays.stream((Object[]) days.getArray()).map(WireDays::parseDay).collect(Collectors.toSet());
            window = Optional.of(new SendWindow(ZoneId.of(tz), daySet,
                    WireTime.parseHhMm(rs.getString("send_window_start")), WireTime.parseHhMm(rs.getString("send_window_end"))));
        }
        return Message.rehydrate()
                .id(new MessageId(rs.getString("id")))
                .workspaceId(new WorkspaceId(rs.getString("workspace_id")))
                .template(rs.getString("template"))
                .renderedMessage(Rows.optString(rs, "rendered_message"))
                .channel(Channel.fromWire(rs.getString("message_type")).orElseThrow())
                .status(status(rs.getString("status")))
                .lineId(new LineId(rs.getString("line_id")))
                .leadId(new LeadId(rs.getString("lead_id")))
                .recipientPhone(Rows.optString(rs, "recipient_phone").map(E164Phone::new))
                .recipientEmail(Rows.optString(rs, "recipient_email").map(EmailAddress::new))
                .recipientName(Rows.optString(rs, "recipient_name").orElse(""))
                .subject(Rows.optString(rs, "subject"))
                .scheduledDate(Rows.optInstant(rs, "scheduled_date"))
                .window(window)
                .batchId(Rows.optString(rs, "batch_id"))
                .correlationId(rs.getString("correlation_id"))
                .createdByUserId(Rows.optString(rs, "created_by_user_id").map(UserId::new))
                .externalMessageId(Rows.optString(rs, "external_message_id"))
                .errorCode(Rows.optString(rs, "error_code"))
                .errorMessage(Rows.optString(rs, "error_message"))
                .checkedAddresses(Rows.strings(rs, "checked_addresses"))
                .sendFallbackSmsOnFailed(rs.getBoolean("send_fallback_sms"))
                .fallbackMessageId(Rows.optString(rs, "fallback_message_id").map(MessageId::new))
                .sentAt(Rows.optInstant(rs, "sent_at"))
                .deliveredAt(Rows.optInstant(rs, "delivered_at"))
                .readAt(Rows.optInstant(rs, "read_at"))
                .createdAt(Rows.instant(rs, "created_at"))
                .updatedAt(Rows.instant(rs, "updated_at"))
                .dueAt(Rows.instant(rs, "due_at"))
                .replyCount(rs.getInt("reply_count"))
                .lastReplyAt(Rows.optInstant(rs, "last_reply_at"))
                .build();
    }
}
