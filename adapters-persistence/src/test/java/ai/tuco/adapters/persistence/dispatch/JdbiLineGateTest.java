package ai.tuco.adapters.persistence.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.postgres.TestRows;
import ai.tuco.application.dispatch.port.out.LineGate.Reservation.Closed;
import ai.tuco.application.dispatch.port.out.LineGate.Reservation.Reserved;
import ai.tuco.application.dispatch.port.out.LineGate.Reservation;
import ai.tuco.application.dispatch.port.out.LineGate;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The LineGate port's contract on PostgreSQL: pacing, the daily and hourly caps, conversations and refunds. */
class JdbiLineGateTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final Instant NOW = Instant.parse("2026-03-10T12:20:00Z");
    private static final Instant DAY = Instant.parse("2026-03-10T00:00:00Z");
    private static final Instant HOUR = Instant.parse("2026-03-10T12:00:00Z");
    private static final Instant NEXT_DAY = Instant.parse("2026-03-11T00:00:00Z");
    private static final Instant NEXT_HOUR = Instant.parse("2026-03-10T13:00:00Z");

    private final TestRows rows = new TestRows(db);
    private final LineGate gate = new JdbiLineGate(db.jdbi());
    private String ws;
    private LineId line;

    @BeforeEach
    void aLine() {
        ws = rows.workspace();
        line = new LineId(rows.line(ws));
    }

    private LeadId lead() {
        return new LeadId(rows.lead(ws));
    }

    private void caps(int pacing, int dailyNew, int dailyTotal, int hourlyNew) {
        db.exec("UPDATE lines SET pacing_seconds = ?, daily_new_conversations_limit = ?, daily_total_messages_limit = ?,"
                + " hourly_new_conversations_limit = ? WHERE id = ?", pacing, dailyNew, dailyTotal, hourlyNew, line.value());
    }

    private long usage(String period, String column) {
        return db.count("SELECT coalesce(sum(" + column + "), 0) FROM line_usage WHERE line_id = ? AND period = ?",
                line.value(), period);
    }

    private Instant lineTime(String column) {
        return ((Timestamp) db.row("SELECT " + column + " FROM lines WHERE id = ?", line.value()).get(column)).toInstant();
    }

    private boolean talksTo(LeadId lead) {
        return db.count("SELECT count(*) FROM line_conversations WHERE line_id = ? AND lead_id = ?", line.value(), lead.value()) == 1;
    }

    @Test
    void firstMessageToALead_reserve_opensAConversation_andCountsItInTheDayAndTheHour() {
        LeadId lead = lead();

        Reservation r = gate.reserve(line, lead, NOW, false);

        assertThat(r).isEqualTo(new Reserved(DAY, HOUR, true));
        assertThat(talksTo(lead)).isTrue();
        assertThat(usage("day", "total_messages")).isEqualTo(1);
        assertThat(usage("day", "new_conversations")).isEqualTo(1);
        assertThat(usage("hour", "total_messages")).isEqualTo(1);
        assertThat(usage("hour", "new_conversations")).isEqualTo(1);
    }

    @Test
    void laterMessageToTheSameLead_reserve_isNotANewConversation() {
        LeadId lead = lead();
        gate.reserve(line, lead, NOW, false);

        assertThat(gate.reserve(line, lead, NOW.plusSeconds(1), false)).isEqualTo(new Reserved(DAY, HOUR, false));

        assertThat(usage("day", "total_messages")).isEqualTo(2);
        assertThat(usage("day", "new_conversations")).isEqualTo(1);
    }

    @Test
    void pacedLine_reserve_closesTheLineForThePacing() {
        caps(30, 50, 75, 50);
        LeadId lead = lead();
        gate.reserve(line, lead, NOW, false);

        assertThat(lineTime("next_send_at")).isEqualTo(NOW.plusSeconds(30));
        assertThat(gate.reserve(line, lead, NOW.plusSeconds(10), false)).isEqualTo(new Closed("line_gate", NOW.plusSeconds(30)));
        assertThat(gate.reserve(line, lead, NOW.plusSeconds(30), false)).isInstanceOf(Reserved.class);
        assertThat(usage("day", "total_messages")).isEqualTo(2);
    }

    @Test
    void theDailyTotalReached_reserve_closesTheLineUntilTomorrow() {
        caps(0, 50, 2, 50);
        LeadId lead = lead();
        gate.reserve(line, lead, NOW, false);
        gate.reserve(line, lead, NOW, false);

        assertThat(lineTime("next_send_at")).isEqualTo(NEXT_DAY);
        assertThat(gate.reserve(line, lead, NOW, false)).isEqualTo(new Closed("line_gate", NEXT_DAY));
        assertThat(usage("day", "total_messages")).isEqualTo(2);
    }

    @Test
    void usageAlreadyAtTheDailyTotal_reserve_isClosedForTheDailyTotal() {
        caps(0, 50, 1, 50);
        db.exec("INSERT INTO line_usage (line_id, workspace_id, period, period_start, new_conversations, total_messages)"
                + " VALUES (?, ?, 'day', ?, 0, 1)", line.value(), ws, DAY);

        assertThat(gate.reserve(line, lead(), NOW, false)).isEqualTo(new Closed("daily_total_messages", NEXT_DAY));
        assertThat(lineTime("next_send_at")).isEqualTo(NEXT_DAY);
    }

    @Test
    void theDailyNewConversationsReached_reserve_refusesNewLeads_butNotKnownOnes() {
        caps(0, 1, 75, 50);
        LeadId known = lead();
        gate.reserve(line, known, NOW, false);

        assertThat(lineTime("new_conversations_open_at")).isEqualTo(NEXT_DAY);
        assertThat(gate.reserve(line, lead(), NOW, false)).isEqualTo(new Closed("new_conversations", NEXT_DAY));
        assertThat(gate.reserve(line, known, NOW, false)).isEqualTo(new Reserved(DAY, HOUR, false));
    }

    @Test
    void usageAlreadyAtTheDailyNewConversations_reserve_isClosedForThatCap() {
        caps(0, 1, 75, 50);
        db.exec("INSERT INTO line_usage (line_id, workspace_id, period, period_start, new_conversations, total_messages)"
                + " VALUES (?, ?, 'day', ?, 1, 1)", line.value(), ws, DAY);

        assertThat(gate.reserve(line, lead(), NOW, false)).isEqualTo(new Closed("daily_new_conversations", NEXT_DAY));
        assertThat(lineTime("new_conversations_open_at")).isEqualTo(NEXT_DAY);
    }

    @Test
    void theHourlyNewConversationsReached_reserve_refusesNewLeadsUntilTheNextHour() {
        caps(0, 50, 75, 1);
        gate.reserve(line, lead(), NOW, false);

        assertThat(lineTime("new_conversations_open_at")).isEqualTo(NEXT_HOUR);
        assertThat(gate.reserve(line, lead(), NOW, false)).isEqualTo(new Closed("new_conversations", NEXT_HOUR));
    }

    @Test
    void usageAtTheHourlyCap_reserve_isClosedForIt_unlessHourlyExempt() {
        caps(0, 50, 75, 1);
        db.exec("INSERT INTO line_usage (line_id, workspace_id, period, period_start, new_conversations, total_messages)"
                + " VALUES (?, ?, 'hour', ?, 1, 1)", line.value(), ws, HOUR);

        assertThat(gate.reserve(line, lead(), NOW, true)).isEqualTo(new Reserved(DAY, HOUR, true));
        assertThat(gate.reserve(line, lead(), NOW, false)).isEqualTo(new Closed("hourly_new_conversations", NEXT_HOUR));
    }

    @Test
    void refundOfANewConversation_givesBackTheCounts_andForgetsTheConversation() {
        LeadId lead = lead();
        Reserved r = (Reserved) gate.reserve(line, lead, NOW, false);

        gate.refund(line, lead, r);

        assertThat(usage("day", "total_messages")).isZero();
        assertThat(usage("day", "new_conversations")).isZero();
        assertThat(usage("hour", "total_messages")).isZero();
        assertThat(talksTo(lead)).isFalse();
    }

    @Test
    void refundOfALaterMessage_keepsTheConversation() {
        LeadId lead = lead();
        gate.reserve(line, lead, NOW, false);
        Reserved later = (Reserved) gate.reserve(line, lead, NOW, false);

        gate.refund(line, lead, later);

        assertThat(usage("day", "total_messages")).isEqualTo(1);
        assertThat(usage("day", "new_conversations")).isEqualTo(1);
        assertThat(talksTo(lead)).isTrue();
    }

    @Test
    void anOpenTransactionWritingAMessageOfTheLine_doesNotHoldUpAReservation() throws Exception {
        caps(0, 500, 500, 500);
        LeadId lead = lead();
        try (var accepting = db.jdbi().open()) {
            accepting.begin();
            // what an accept's foreign-key check on the line takes (FOR KEY SHARE), held until its batch commits
            accepting.createQuery("SELECT 1 FROM lines WHERE id = :id FOR KEY SHARE").bind("id", line.value())
                    .mapTo(Integer.class).one();
            var reserved = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> db.jdbi().inTransaction(h -> gate.reserve(line, lead, NOW, false)));
            assertThat(reserved.get(5, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(Reserved.class);
            accepting.rollback();
        }
    }

    @Test
    void concurrentReservations_neverPassTheDailyTotal() throws Exception {
        caps(0, 500, 5, 500);
        LeadId lead = lead();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Reservation>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                // as the dispatcher does: the line's lock holds until the caller's transaction ends
                results.add(pool.submit(() -> db.jdbi().inTransaction(h -> gate.reserve(line, lead, NOW, false))));
            }
            long reserved = 0;
            for (Future<Reservation> f : results) {
                reserved += f.get() instanceof Reserved ? 1 : 0;
            }
            assertThat(reserved).isEqualTo(5);
            assertThat(usage("day", "total_messages")).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The state reserveAll leaves: usage, conversations and the line's gate times. */
    private List<Object> state(LineId l, List<LeadId> leads) {
        List<Object> out = new ArrayList<>();
        for (String period : List.of("day", "hour")) {
            out.add(db.count("SELECT coalesce(sum(total_messages), 0) FROM line_usage WHERE line_id = ? AND period = ?", l.value(), period));
            out.add(db.count("SELECT coalesce(sum(new_conversations), 0) FROM line_usage WHERE line_id = ? AND period = ?", l.value(), period));
        }
        for (LeadId lead : leads) {
            out.add(db.count("SELECT count(*) FROM line_conversations WHERE line_id = ? AND lead_id = ?", l.value(), lead.value()));
        }
        out.add(db.row("SELECT next_send_at, new_conversations_open_at FROM lines WHERE id = ?", l.value()).toString());
        return out;
    }

    @Test
    void severalMessagesOfALine_reserveAll_decidesAndWritesExactlyWhatReservingThemOneByOneWould() {
        LineId twin = new LineId(rows.line(ws));
        db.exec("UPDATE lines SET pacing_seconds = 0, daily_new_conversations_limit = 3, daily_total_messages_limit = 6,"
                + " hourly_new_conversations_limit = 2 WHERE id IN (?, ?)", line.value(), twin.value());
        LeadId a = lead();
        LeadId b = lead();
        LeadId c = lead();
        LeadId d = lead();
        // a new, a again (known), b new (the hourly new cap of 2 is reached: new conversations close until the next
        // hour), c new and c, d by email (closed as new conversations), a, b, a (the daily total of 6 is reached: the
        // line closes until tomorrow), a (closed)
        List<LineGate.Ask> asks = List.of(new LineGate.Ask(a, false), new LineGate.Ask(a, false), new LineGate.Ask(b, false),
                new LineGate.Ask(c, false), new LineGate.Ask(c, true), new LineGate.Ask(d, true), new LineGate.Ask(a, false),
                new LineGate.Ask(b, false), new LineGate.Ask(a, false), new LineGate.Ask(a, false));

        List<Reservation> oneByOne = db.jdbi().inTransaction(h -> asks.stream()
                .map(ask -> gate.reserve(line, ask.lead(), NOW, ask.hourlyExempt())).toList());
        List<Reservation> together = db.jdbi().inTransaction(h -> gate.reserveAll(twin, asks, NOW));

        assertThat(together).isEqualTo(oneByOne);
        assertThat(together).filteredOn(r -> r instanceof Reserved).hasSize(6);
        assertThat(together.get(3)).isEqualTo(new Closed("new_conversations", NEXT_HOUR));
        assertThat(together.get(9)).isEqualTo(new Closed("line_gate", NEXT_DAY));
        assertThat(state(twin, List.of(a, b, c, d))).isEqualTo(state(line, List.of(a, b, c, d)));
        assertThat(lineTime("next_send_at")).isEqualTo(NEXT_DAY);
        assertThat(lineTime("new_conversations_open_at")).isEqualTo(NEXT_HOUR);
    }

    @Test
    void aPacedLine_reserveAll_reservesTheFirstOnly_andMovesTheGateOnce() {
        caps(30, 100, 100, 100);
        LeadId a = lead();

        List<Reservation> r = db.jdbi().inTransaction(h -> gate.reserveAll(line,
                List.of(new LineGate.Ask(a, false), new LineGate.Ask(lead(), false)), NOW));

        assertThat(r.get(0)).isEqualTo(new Reserved(DAY, HOUR, true));
        assertThat(r.get(1)).isEqualTo(new Closed("line_gate", NOW.plusSeconds(30)));
        assertThat(usage("day", "total_messages")).isEqualTo(1);
        assertThat(lineTime("next_send_at")).isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void aLineAnotherClaimHolds_isClosed_andNothingIsCounted() {
        LeadId lead = lead();
        String held = rows.message(ws, line.value(), lead.value(), "sending", NOW);
        db.exec("INSERT INTO dispatch_queue (message_id, workspace_id, line_id, due_at, lease_owner, lease_until) "
                + "VALUES (?, ?, ?, ?, 'node-other/1', ?)", held, ws, line.value(), Timestamp.from(NOW),
                Timestamp.from(NOW.plusSeconds(60)));

        assertThat(gate.reserve(line, lead(), NOW, false)).isEqualTo(new Closed("line_busy", NOW));
        assertThat(gate.reserveAll(line, List.of(new LineGate.Ask(lead(), false), new LineGate.Ask(lead(), false)), NOW))
                .containsExactly(new Closed("line_busy", NOW), new Closed("line_busy", NOW));
        assertThat(usage("day", "total_messages")).isZero();

        db.exec("UPDATE dispatch_queue SET lease_owner = NULL, lease_until = NULL WHERE message_id = ?", held);
        assertThat(gate.reserve(line, lead(), NOW, false)).isInstanceOf(Reserved.class);
    }
}
