package ai.tuco.adapters.persistence.dispatch;

import ai.tuco.application.dispatch.port.out.LineGate;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Pacing and caps in PostgreSQL. Every reservation and refund first locks the line's row, so the usage rows of a line
 * change one transaction at a time and a cap is never passed, whatever the number of nodes.
 */
public final class JdbiLineGate implements LineGate {
    private final Jdbi jdbi;

    public JdbiLineGate(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    private record LineRow(String workspaceId, int pacing, int dailyNew, int dailyTotal, int hourlyNew,
            Instant nextSendAt, Instant newOpenAt) {}

    private record Usage(int newConversations, int total) {}

    private record Counts(Usage today, Usage thisHour, boolean known, boolean busy) {}

    /**
     * Whether another claim holds the line (a leased queue row): read after the line's lock, which every claim of the
     * line takes, so it sees a claim committed by the lock's previous holder. The claim's own statement checks the
     * same before locking its rows, but two claims running at once both pass that check and each skips the other's
     * locked rows: without this, both would send on the line at once (ADR 26).
     */
    static final String BUSY = "EXISTS (SELECT 1 FROM dispatch_queue WHERE line_id = :id AND lease_owner IS NOT NULL) AS busy";

    /** Why a claim leaves a message of a line that another claim holds in the queue. */
    static final String LINE_BUSY = "line_busy";

    /**
     * The line's row is locked {@code FOR NO KEY UPDATE}: reservations of one line take turns, but an accepting
     * transaction's foreign-key check on the line ({@code FOR KEY SHARE}) never waits for it. With {@code FOR UPDATE}, a
     * group-committed accept holding several lines and a dispatcher holding one of them deadlocked (bench/multi-node).
     */
    private static LineRow lockLine(Handle h, LineId line) {
        return h.createQuery("""
                        SELECT workspace_id, pacing_seconds, daily_new_conversations_limit, daily_total_messages_limit,
                               hourly_new_conversations_limit, next_send_at, new_conversations_open_at
                        FROM lines WHERE id = :id FOR NO KEY UPDATE""")
                .bind("id", line.value())
                .map((rs, ctx) -> new LineRow(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
                        instantOrMin(rs.getObject(6, java.time.OffsetDateTime.class)),
                        instantOrMin(rs.getObject(7, java.time.OffsetDateTime.class))))
                .one();
    }

    @Override
    public Reservation reserve(LineId line, LeadId lead, Instant now, boolean hourlyExempt) {
        return jdbi.withHandle(h -> {
            LineRow l = lockLine(h, line);
            Instant day = now.truncatedTo(ChronoUnit.DAYS);
            Instant hour = now.truncatedTo(ChronoUnit.HOURS);
            Instant nextDay = day.plus(Duration.ofDays(1));
            Instant nextHour = hour.plus(Duration.ofHours(1));
            if (l.nextSendAt().isAfter(now)) {
                return new Reservation.Closed("line_gate", l.nextSendAt());
            }
            // Read after the line's lock (a statement of its own, so it sees what the previous holder committed):
            // today's and this hour's usage and whether the line has written to this lead, in one round trip.
            Counts counts = h.createQuery("""
                            SELECT (SELECT new_conversations FROM line_usage WHERE line_id = :id AND period = 'day' AND period_start = :day) AS day_new,
                                   (SELECT total_messages FROM line_usage WHERE line_id = :id AND period = 'day' AND period_start = :day) AS day_total,
                                   (SELECT new_conversations FROM line_usage WHERE line_id = :id AND period = 'hour' AND period_start = :hour) AS hour_new,
                                   (SELECT total_messages FROM line_usage WHERE line_id = :id AND period = 'hour' AND period_start = :hour) AS hour_total,
                                   EXISTS (SELECT 1 FROM line_conversations WHERE line_id = :id AND lead_id = :lead) AS known,
                                   """ + BUSY)
                    .bind("id", line.value())
                    .bind("day", day)
                    .bind("hour", hour)
                    .bind("lead", lead.value())
                    .map((rs, ctx) -> new Counts(new Usage(rs.getInt("day_new"), rs.getInt("day_total")),
                            new Usage(rs.getInt("hour_new"), rs.getInt("hour_total")), rs.getBoolean("known"), rs.getBoolean("busy")))
                    .one();
            if (counts.busy()) {
                return new Reservation.Closed(LINE_BUSY, now);
            }
            Usage today = counts.today();
            Usage thisHour = counts.thisHour();
            if (today.total() >= l.dailyTotal()) {
                closeLine(h, line, nextDay);
                return new Reservation.Closed("daily_total_messages", nextDay);
            }
            boolean isNew = !counts.known();
            if (isNew) {
                if (l.newOpenAt().isAfter(now)) {
                    return new Reservation.Closed("new_conversations", l.newOpenAt());
                }
                if (today.newConversations() >= l.dailyNew()) {
                    closeNewConversations(h, line, nextDay);
                    return new Reservation.Closed("daily_new_conversations", nextDay);
                }
                if (!hourlyExempt && thisHour.newConversations() >= l.hourlyNew()) {
                    closeNewConversations(h, line, nextHour);
                    return new Reservation.Closed("hourly_new_conversations", nextHour);
                }
                h.createUpdate("""
                                INSERT INTO line_conversations (line_id, lead_id, workspace_id, opened_at)
                                VALUES (:line, :lead, :w, :now) ON CONFLICT DO NOTHING""")
                        .bind("line", line.value())
                        .bind("lead", lead.value())
                        .bind("w", l.workspaceId())
                        .bind("now", now)
                        .execute();
            }
            count(h, line, l.workspaceId(), day, hour, isNew);
            // Close the gate now rather than on the next claim, so a line at its cap costs nothing until the reset.
            Instant nextSend = l.pacing() > 0 ? now.plusSeconds(l.pacing()) : Instant.EPOCH;
            if (today.total() + 1 >= l.dailyTotal()) {
                nextSend = max(nextSend, nextDay);
            }
            Instant newOpen = Instant.EPOCH;
            if (isNew && today.newConversations() + 1 >= l.dailyNew()) {
                newOpen = nextDay;
            }
            if (isNew && !hourlyExempt && thisHour.newConversations() + 1 >= l.hourlyNew()) {
                newOpen = max(newOpen, nextHour);
            }
            if (nextSend.isAfter(now)) {
                closeLine(h, line, nextSend);
            }
            if (newOpen.isAfter(now)) {
                closeNewConversations(h, line, newOpen);
            }
            return new Reservation.Reserved(day, hour, isNew);
        });
    }

    /**
     * A line's usage and which of the asked leads it has written to. Each lead is its own probe of the primary key
     * (line, lead): written as {@code lead_id = ANY(:leads)}, the generic plan made on an empty, never-analyzed table
     * (ADR 7) read every conversation of the line and filtered the leads: in bench/dispatch, 1.8 ms and 270 buffers
     * a claim once each line had written to a few thousand leads. A lateral subquery with a limit cannot become that
     * scan; {@code LineGatePlanTest} holds it.
     */
    static final String USAGE_AND_KNOWN_LEADS = """
            SELECT (SELECT new_conversations FROM line_usage WHERE line_id = :id AND period = 'day' AND period_start = :day) AS day_new,
                   (SELECT total_messages FROM line_usage WHERE line_id = :id AND period = 'day' AND period_start = :day) AS day_total,
                   (SELECT new_conversations FROM line_usage WHERE line_id = :id AND period = 'hour' AND period_start = :hour) AS hour_new,
                   (SELECT total_messages FROM line_usage WHERE line_id = :id AND period = 'hour' AND period_start = :hour) AS hour_total,
                   ARRAY(SELECT c.lead_id FROM unnest(CAST(:leads AS bpchar[])) AS asked(lead)
                         CROSS JOIN LATERAL (SELECT lead_id FROM line_conversations
                                             WHERE line_id = :id AND lead_id = asked.lead LIMIT 1) c) AS known,
                   """ + BUSY;

    /**
     * The same rules as {@link #reserve}, applied message after message to the line's state kept in memory: the line
     * locked once, its usage and the asked leads' conversations read in one statement, then the new conversations,
     * the usage and the gate written once each.
     */
    @Override
    public List<Reservation> reserveAll(LineId line, List<Ask> asks, Instant now) {
        if (asks.size() < 2) {
            return LineGate.super.reserveAll(line, asks, now);
        }
        return jdbi.withHandle(h -> {
            LineRow l = lockLine(h, line);
            Instant day = now.truncatedTo(ChronoUnit.DAYS);
            Instant hour = now.truncatedTo(ChronoUnit.HOURS);
            Instant nextDay = day.plus(Duration.ofDays(1));
            Instant nextHour = hour.plus(Duration.ofHours(1));
            int[] usage = new int[4]; // day new, day total, hour new, hour total
            Set<String> known = new HashSet<>();
            boolean[] busy = new boolean[1];
            h.createQuery(USAGE_AND_KNOWN_LEADS)
                    .bind("id", line.value())
                    .bind("day", day)
                    .bind("hour", hour)
                    .bind("leads", asks.stream().map(a -> a.lead().value()).distinct().toArray(String[]::new))
                    .map((rs, ctx) -> {
                        for (int i = 0; i < 4; i++) {
                            usage[i] = rs.getInt(i + 1);
                        }
                        known.addAll(List.of((String[]) rs.getArray("known").getArray()));
                        busy[0] = rs.getBoolean("busy");
                        return 1;
                    })
                    .one();
            if (busy[0]) {
                return asks.stream().<Reservation>map(a -> new Reservation.Closed(LINE_BUSY, now)).toList();
            }
            Instant nextSendAt = l.nextSendAt();
            Instant newOpenAt = l.newOpenAt();
            boolean closeLine = false;
            boolean closeNew = false;
            List<String> newLeads = new ArrayList<>();
            int counted = 0;
            List<Reservation> out = new ArrayList<>(asks.size());
            for (Ask ask : asks) {
                if (nextSendAt.isAfter(now)) {
                    out.add(new Reservation.Closed("line_gate", nextSendAt));
                    continue;
                }
                if (usage[1] >= l.dailyTotal()) {
                    nextSendAt = max(nextSendAt, nextDay);
                    closeLine = true;
                    out.add(new Reservation.Closed("daily_total_messages", nextDay));
                    continue;
                }
                boolean isNew = !known.contains(ask.lead().value());
                if (isNew) {
                    if (newOpenAt.isAfter(now)) {
                        out.add(new Reservation.Closed("new_conversations", newOpenAt));
                        continue;
                    }
                    if (usage[0] >= l.dailyNew()) {
                        newOpenAt = max(newOpenAt, nextDay);
                        closeNew = true;
                        out.add(new Reservation.Closed("daily_new_conversations", nextDay));
                        continue;
                    }
                    if (!ask.hourlyExempt() && usage[2] >= l.hourlyNew()) {
                        newOpenAt = max(newOpenAt, nextHour);
                        closeNew = true;
                        out.add(new Reservation.Closed("hourly_new_conversations", nextHour));
                        continue;
                    }
                    known.add(ask.lead().value());
                    newLeads.add(ask.lead().value());
                    usage[0]++;
                    usage[2]++;
                }
                usage[1]++;
                usage[3]++;
                counted++;
                Instant nextSend = l.pacing() > 0 ? now.plusSeconds(l.pacing()) : Instant.EPOCH;
                if (usage[1] >= l.dailyTotal()) {
                    nextSend = max(nextSend, nextDay);
                }
                Instant newOpen = Instant.EPOCH;
                if (isNew && usage[0] >= l.dailyNew()) {
                    newOpen = nextDay;
                }
                if (isNew && !ask.hourlyExempt() && usage[2] >= l.hourlyNew()) {
                    newOpen = max(newOpen, nextHour);
                }
                if (nextSend.isAfter(now)) {
                    nextSendAt = max(nextSendAt, nextSend);
                    closeLine = true;
                }
                if (newOpen.isAfter(now)) {
                    newOpenAt = max(newOpenAt, newOpen);
                    closeNew = true;
                }
                out.add(new Reservation.Reserved(day, hour, isNew));
            }
            if (!newLeads.isEmpty()) {
                h.createUpdate("""
                                INSERT INTO line_conversations (line_id, lead_id, workspace_id, opened_at)
                                SELECT :line, lead, :w, :now FROM unnest(CAST(:leads AS text[])) AS u(lead)
                                ON CONFLICT DO NOTHING""")
                        .bind("line", line.value())
                        .bind("leads", newLeads.toArray(String[]::new))
                        .bind("w", l.workspaceId())
                        .bind("now", now)
                        .execute();
            }
            if (counted > 0) {
                count(h, line, l.workspaceId(), day, hour, newLeads.size(), counted);
            }
            if (closeLine) {
                closeLine(h, line, nextSendAt);
            }
            if (closeNew) {
                closeNewConversations(h, line, newOpenAt);
            }
            return out;
        });
    }

    /** Counts one message in the day's and the hour's usage rows (one statement). */
    private static void count(Handle h, LineId line, String workspaceId, Instant day, Instant hour, boolean isNew) {
        count(h, line, workspaceId, day, hour, isNew ? 1 : 0, 1);
    }

    /** Counts {@code total} messages, {@code newOnes} of them new conversations, in the day's and the hour's rows. */
    private static void count(Handle h, LineId line, String workspaceId, Instant day, Instant hour, int newOnes, int total) {
        h.createUpdate("""
                        INSERT INTO line_usage (line_id, workspace_id, period, period_start, new_conversations, total_messages)
                        VALUES (:line, :w, 'day', :day, :new, :total), (:line, :w, 'hour', :hour, :new, :total)
                        ON CONFLICT (line_id, period, period_start) DO UPDATE
                        SET new_conversations = line_usage.new_conversations + EXCLUDED.new_conversations,
                            total_messages = line_usage.total_messages + EXCLUDED.total_messages""")
                .bind("line", line.value())
                .bind("w", workspaceId)
                .bind("day", day)
                .bind("hour", hour)
                .bind("new", newOnes)
                .bind("total", total)
                .execute();
    }

    private static void closeLine(Handle h, LineId line, Instant until) {
        h.createUpdate("UPDATE lines SET next_send_at = greatest(next_send_at, :until) WHERE id = :id")
                .bind("until", until)
                .bind("id", line.value())
                .execute();
    }

    private static void closeNewConversations(Handle h, LineId line, Instant until) {
        h.createUpdate("UPDATE lines SET new_conversations_open_at = greatest(new_conversations_open_at, :until) WHERE id = :id")
                .bind("until", until)
                .bind("id", line.value())
                .execute();
    }

    @Override
    public void refund(LineId line, LeadId lead, Reservation.Reserved r) {
        jdbi.useHandle(h -> {
            h.createQuery("SELECT id FROM lines WHERE id = :id FOR NO KEY UPDATE").bind("id", line.value()).mapTo(String.class).one();
            h.createUpdate("""
                            UPDATE line_usage SET total_messages = greatest(total_messages - 1, 0),
                                new_conversations = greatest(new_conversations - :new, 0)
                            WHERE line_id = :id AND ((period = 'day' AND period_start = :day) OR (period = 'hour' AND period_start = :hour))""")
                    .bind("new", r.newConversation() ? 1 : 0)
                    .bind("id", line.value())
                    .bind("day", r.day())
                    .bind("hour", r.hour())
                    .execute();
            if (r.newConversation()) {
                h.createUpdate("DELETE FROM line_conversations WHERE line_id = :line AND lead_id = :lead")
                        .bind("line", line.value())
                        .bind("lead", lead.value())
                        .execute();
            }
        });
    }

    private static Instant instantOrMin(java.time.OffsetDateTime t) {
        return t == null ? Instant.MIN : t.toInstant();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
