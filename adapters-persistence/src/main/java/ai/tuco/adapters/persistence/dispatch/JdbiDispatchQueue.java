package ai.tuco.adapters.persistence.dispatch;

import ai.tuco.adapters.persistence.message.JdbiMessageRepository;
import ai.tuco.application.dispatch.port.out.DispatchQueue;
import ai.tuco.application.dispatch.port.out.LineGate;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The dispatch queue in PostgreSQL: round-robin SKIP LOCKED claims and leases fenced by (owner, attempt). */
public final class JdbiDispatchQueue implements DispatchQueue {
    /**
     * The heads of each open line's due rows (a line whose sends are held after refused credentials is not open): as
     * many as the claim's size for that line ({@code :sizedLines} and {@code :sizes}, else {@code :perLine}; ADR 32), one
     * for a paced line, interleaved line by line, then locked with their
     * messages. A row or message another transaction holds (another dispatcher, a cancel) is skipped, not waited for.
     * The heads come from dispatch_queue_line_due (line_id, due_at, message_id), an index in exactly their order
     * (V7); the picked rows are locked through their primary keys. The recheck after locking says
     * {@code coalesce(lease_owner, '') = ''} (owners are never empty) rather than {@code lease_owner IS NULL} so that the
     * partial index is no candidate for that lookup: in a plan made while the queue was empty it tied with the
     * primary key and won (ClaimPlanTest).
     */
    static final String LOCK_DUE = """
            SELECT m.*, q.attempt AS queue_attempt
            FROM (
                SELECT h.message_id, h.rn, h.due_at
                FROM lines l
                JOIN workspaces w ON w.id = l.workspace_id AND w.status = 'active'
                LEFT JOIN unnest(CAST(:sizedLines AS bpchar[]), CAST(:sizes AS integer[])) AS sized(line_id, size)
                    ON sized.line_id = l.id
                CROSS JOIN LATERAL (
                    SELECT d.message_id, d.due_at, row_number() OVER (ORDER BY d.due_at, d.message_id) AS rn
                    FROM dispatch_queue d
                    JOIN messages dm ON dm.id = d.message_id
                    WHERE d.line_id = l.id AND d.lease_owner IS NULL AND d.due_at <= :now
                      AND (l.new_conversations_open_at <= :now
                           OR EXISTS (SELECT 1 FROM line_conversations c WHERE c.line_id = l.id AND c.lead_id = dm.lead_id))
                    ORDER BY d.due_at, d.message_id
                    LIMIT CASE WHEN l.pacing_seconds > 0 THEN 1 ELSE coalesce(sized.size, :perLine) END
                ) h
                WHERE l.is_active AND l.next_send_at <= :now
                  AND NOT EXISTS (SELECT 1 FROM line_health lh WHERE lh.line_id = l.id AND lh.sending_held)
                  AND NOT EXISTS (SELECT 1 FROM dispatch_queue busy WHERE busy.line_id = l.id AND busy.lease_owner IS NOT NULL)
                ORDER BY h.rn, h.due_at
                LIMIT :limit
            ) pick
            JOIN dispatch_queue q ON q.message_id = pick.message_id
            JOIN messages m ON m.id = q.message_id
            WHERE coalesce(q.lease_owner, '') = ''
            ORDER BY pick.rn, pick.due_at
            FOR UPDATE OF q, m SKIP LOCKED""";

    private final Jdbi jdbi;
    private final int perLine;

    public JdbiDispatchQueue(Jdbi jdbi, int perLine) {
        this.jdbi = jdbi;
        this.perLine = perLine;
    }

    /** {@link #lockDue(Instant, int, PerLine)} with every line giving at most this queue's {@code perLine}. */
    public List<Candidate> lockDue(Instant now, int limit) {
        return lockDue(now, limit, PerLine.all(perLine));
    }

    @Override
    public List<Candidate> lockDue(Instant now, int limit, PerLine perLine) {
        String[] sizedLines = new String[perLine.sizes().size()];
        Integer[] sizes = new Integer[sizedLines.length];
        int i = 0;
        for (Map.Entry<LineId, Integer> e : perLine.sizes().entrySet()) {
            sizedLines[i] = e.getKey().value();
            sizes[i++] = e.getValue();
        }
        return jdbi.withHandle(h -> h.createQuery(LOCK_DUE)
                .bind("now", now)
                .bind("sizedLines", sizedLines)
                .bind("sizes", sizes)
                .bind("perLine", perLine.otherwise())
                .bind("limit", limit)
                .map((rs, ctx) -> new Candidate(JdbiMessageRepository.map(rs, ctx), rs.getInt("queue_attempt"), rs.getInt("attempts")))
                .list());
    }

    @Override
    public int lease(MessageId id, String owner, Instant leaseUntil, Optional<LineGate.Reservation.Reserved> reserved) {
        return jdbi.withHandle(h -> h.createQuery("""
                        UPDATE dispatch_queue SET lease_owner = :owner, lease_until = :until, attempt = attempt + 1,
                            reserved_day = :day, reserved_hour = :hour, reserved_new = :isNew
                        WHERE message_id = :id RETURNING attempt""")
                .bind("owner", owner)
                .bind("until", leaseUntil)
                .bind("day", reserved.map(LineGate.Reservation.Reserved::day).orElse(null))
                .bind("hour", reserved.map(LineGate.Reservation.Reserved::hour).orElse(null))
                .bind("isNew", reserved.map(LineGate.Reservation.Reserved::newConversation).orElse(false))
                .bind("id", id.value())
                .mapTo(Integer.class)
                .one());
    }

    /** Every lease of the batch in one statement (the rows are locked by the caller's claim). */
    @Override
    public List<Integer> leaseAll(List<NewLease> leases) {
        if (leases.size() < 2) {
            return DispatchQueue.super.leaseAll(leases);
        }
        int n = leases.size();
        String[] ids = new String[n];
        String[] owners = new String[n];
        // instants as ISO-8601 text (PostgreSQL reads them into timestamptz[]): Jdbi binds no Timestamp[]
        String[] until = new String[n];
        String[] days = new String[n];
        String[] hours = new String[n];
        Boolean[] isNew = new Boolean[n];
        for (int i = 0; i < n; i++) {
            NewLease l = leases.get(i);
            ids[i] = l.id().value();
            owners[i] = l.owner();
            until[i] = l.leaseUntil().toString();
            days[i] = l.reserved().map(r -> r.day().toString()).orElse(null);
            hours[i] = l.reserved().map(r -> r.hour().toString()).orElse(null);
            isNew[i] = l.reserved().map(LineGate.Reservation.Reserved::newConversation).orElse(false);
        }
        Map<String, Integer> attempts = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                        UPDATE dispatch_queue q SET lease_owner = v.owner, lease_until = v.until, attempt = q.attempt + 1,
                            reserved_day = v.day, reserved_hour = v.hour, reserved_new = v.is_new
                        FROM unnest(CAST(:ids AS bpchar[]), CAST(:owners AS text[]), CAST(:until AS timestamptz[]),
                                    CAST(:days AS timestamptz[]), CAST(:hours AS timestamptz[]), CAST(:isNew AS boolean[]))
                             AS v(id, owner, until, day, hour, is_new)
                        WHERE q.message_id = v.id AND q.message_id = ANY(CAST(:ids AS bpchar[]))
                        RETURNING q.message_id, q.attempt""")
                .bind("ids", ids)
                .bind("owners", owners)
                .bind("until", until)
                .bind("days", days)
                .bind("hours", hours)
                .bind("isNew", isNew)
                .map((rs, ctx) -> attempts.put(rs.getString(1), rs.getInt(2)))
                .list());
        List<Integer> out = new ArrayList<>(n);
        for (NewLease l : leases) {
            Integer a = attempts.get(l.id().value());
            if (a == null) {
                throw new IllegalStateException("no queue row to lease for message " + l.id().value());
            }
            out.add(a);
        }
        return out;
    }

    /**
     * The messages locked in id order, then the queue rows still leased to their claims, locked in the same order: one
     * statement, one round trip of the outcome group's transaction instead of two (ADR 30). The outer query reads every
     * row of {@code m}, and {@code q} locks only rows whose message {@code m} locked.
     */
    static final String LOCK_FOR_OUTCOMES = """
            WITH v AS (
                SELECT * FROM unnest(CAST(:ids AS bpchar[]), CAST(:owners AS text[]), CAST(:attempts AS int[])) AS v(id, owner, attempt)
                -- always true, estimated as one row: the generic plan probes the primary keys, as in ADR 7 and ADR 29
                WHERE v.id >= v.id AND v.id <= v.id),
            m AS (
                SELECT m.* FROM v JOIN messages m ON m.id = v.id ORDER BY m.id FOR UPDATE OF m),
            q AS (
                SELECT q.message_id, q.attempt, q.reserved_day, q.reserved_hour, q.reserved_new
                -- the owner as "not distinct" (a lease's owner is never NULL here): with "=" the plan may read every
                -- lease of the owner through dispatch_queue_owner instead of probing the primary key
                FROM v JOIN dispatch_queue q ON q.message_id = v.id AND q.lease_owner IS NOT DISTINCT FROM v.owner
                    AND q.attempt = v.attempt
                WHERE EXISTS (SELECT 1 FROM m WHERE m.id = q.message_id)
                ORDER BY q.message_id FOR UPDATE OF q)
            SELECT m.*, q.message_id AS leased_id, q.attempt, q.reserved_day, q.reserved_hour, q.reserved_new
            FROM m LEFT JOIN q ON q.message_id = m.id""";

    @Override
    public Locked lockForOutcomes(List<HeldLease> held) {
        Map<MessageId, Message> messages = new HashMap<>();
        Map<MessageId, Lease> leases = new HashMap<>();
        if (held.isEmpty()) {
            return new Locked(messages, leases);
        }
        List<HeldLease> sorted = held.stream().sorted(Comparator.comparing((HeldLease l) -> l.id().value())).toList();
        jdbi.useHandle(h -> h.createQuery(LOCK_FOR_OUTCOMES)
                .bind("ids", sorted.stream().map(l -> l.id().value()).toArray(String[]::new))
                .bind("owners", sorted.stream().map(HeldLease::owner).toArray(String[]::new))
                .bind("attempts", sorted.stream().map(HeldLease::attempt).toArray(Integer[]::new))
                .map((rs, ctx) -> {
                    Message m = JdbiMessageRepository.map(rs, ctx);
                    messages.put(m.id(), m);
                    if (rs.getString("leased_id") != null) {
                        leases.put(m.id(), lease(rs));
                    }
                    return m;
                })
                .list());
        return new Locked(messages, leases);
    }

    private static Lease lease(ResultSet rs) throws SQLException {
        Timestamp day = rs.getTimestamp("reserved_day");
        Timestamp hour = rs.getTimestamp("reserved_hour");
        Optional<LineGate.Reservation.Reserved> reserved = day == null || hour == null ? Optional.empty()
                : Optional.of(new LineGate.Reservation.Reserved(day.toInstant(), hour.toInstant(), rs.getBoolean("reserved_new")));
        return new Lease(rs.getInt("attempt"), reserved);
    }

    @Override
    public void reschedule(MessageId id, Instant dueAt) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE dispatch_queue SET due_at = :due WHERE message_id = :id")
                .bind("due", dueAt)
                .bind("id", id.value())
                .execute());
    }

    @Override
    public Optional<Lease> lockLease(MessageId id, String owner, int attempt) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT attempt, reserved_day, reserved_hour, reserved_new FROM dispatch_queue
                        WHERE message_id = :id AND lease_owner = :owner AND attempt = :attempt FOR UPDATE""")
                .bind("id", id.value())
                .bind("owner", owner)
                .bind("attempt", attempt)
                .map((rs, ctx) -> lease(rs))
                .findOne());
    }

    @Override
    public boolean isQueued(MessageId id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM dispatch_queue WHERE message_id = :id)")
                .bind("id", id.value())
                .mapTo(Boolean.class)
                .one());
    }

    @Override
    public boolean requeue(MessageId id, String owner, int attempt, Instant dueAt) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE dispatch_queue SET lease_owner = NULL, lease_until = NULL, due_at = :due,
                            reserved_day = NULL, reserved_hour = NULL, reserved_new = false
                        WHERE message_id = :id AND lease_owner = :owner AND attempt = :attempt""")
                .bind("due", dueAt)
                .bind("id", id.value())
                .bind("owner", owner)
                .bind("attempt", attempt)
                .execute() == 1);
    }

    @Override
    public int renew(String owner, Instant leaseUntil) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE dispatch_queue SET lease_until = :until WHERE lease_owner = :owner")
                .bind("until", leaseUntil)
                .bind("owner", owner)
                .execute());
    }

    @Override
    public List<MessageId> sweepExpired(Instant now) {
        // The claim's reservation stays counted: its node may have sent the message before it died.
        return jdbi.withHandle(h -> h.createQuery("""
                        UPDATE dispatch_queue SET lease_owner = NULL, lease_until = NULL
                        WHERE message_id IN (SELECT message_id FROM dispatch_queue
                                             WHERE lease_owner IS NOT NULL AND lease_until < :now
                                             FOR UPDATE SKIP LOCKED)
                        RETURNING message_id""")
                .bind("now", now)
                .mapTo(String.class)
                .map(MessageId::new)
                .list());
    }

    @Override
    public int countSendAttempt(MessageId id) {
        return jdbi.withHandle(h -> h.createQuery("UPDATE messages SET attempts = attempts + 1 WHERE id = :id RETURNING attempts")
                .bind("id", id.value())
                .mapTo(Integer.class)
                .one());
    }
}
