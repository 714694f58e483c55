package ai.tuco.adapters.persistence.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.line.JdbiLineHealthStore;
import ai.tuco.adapters.persistence.postgres.TestRows;
import ai.tuco.adapters.persistence.provider.JdbiLineHealth;
import ai.tuco.application.dispatch.port.out.DispatchQueue.Candidate;
import ai.tuco.application.dispatch.port.out.DispatchQueue;
import ai.tuco.application.dispatch.port.out.LineGate.Reservation.Reserved;
import ai.tuco.domain.line.LineHealth;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The DispatchQueue port's contract on PostgreSQL: due claims across lines, fenced leases, renewals and sweeps. */
class JdbiDispatchQueueTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final int PER_LINE = 2;

    private final TestRows rows = new TestRows(db);
    private final JdbiDispatchQueue queue = new JdbiDispatchQueue(db.jdbi(), PER_LINE);
    private String ws;
    private String line;
    private String lead;

    @BeforeEach
    void emptyQueue() {
        // lockDue and sweepExpired read the whole queue: each test starts from an empty one
        db.exec("DELETE FROM dispatch_queue");
        ws = rows.workspace();
        line = rows.line(ws);
        lead = rows.lead(ws);
    }

    private static List<String> ids(List<Candidate> candidates) {
        return candidates.stream().map(c -> c.message().id().value()).toList();
    }

    private Map<String, Object> queueRow(String id) {
        return db.row("SELECT * FROM dispatch_queue WHERE message_id = ?", id);
    }

    @Test
    void dueRows_lockDue_returnsThemWithTheirMessages_notTheOnesDueLater() {
        String due = rows.queued(ws, line, lead, NOW.minusSeconds(5));
        rows.queued(ws, line, lead, NOW.plusSeconds(5));

        List<Candidate> claimed = queue.lockDue(NOW, 10);

        assertThat(ids(claimed)).containsExactly(due);
        Candidate c = claimed.get(0);
        assertThat(c.message().status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(c.message().workspaceId().value()).isEqualTo(ws);
        assertThat(c.attempt()).isZero();
        assertThat(c.sendAttempts()).isZero();
    }

    @Test
    void severalLines_lockDue_interleavesTheirHeads_upToPerLineAndTheLimit() {
        String other = rows.line(ws);
        String a1 = rows.queued(ws, line, lead, NOW.minusSeconds(30));
        String a2 = rows.queued(ws, line, lead, NOW.minusSeconds(20));
        rows.queued(ws, line, lead, NOW.minusSeconds(10));
        String b1 = rows.queued(ws, other, lead, NOW.minusSeconds(25));
        String b2 = rows.queued(ws, other, lead, NOW.minusSeconds(15));

        assertThat(ids(queue.lockDue(NOW, 10))).containsExactly(a1, b1, a2, b2);
        assertThat(ids(queue.lockDue(NOW, 3))).containsExactly(a1, b1, a2);
    }

    @Test
    void claimSizesPerLine_lockDue_takesEachLinesOwnSize_andTheDefaultForTheOthers() {
        String fast = rows.line(ws);
        String slow = rows.line(ws);
        java.util.function.Function<String, List<String>> fiveOn = l -> java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> rows.queued(ws, l, lead, NOW.minusSeconds(60 - i))).toList();
        List<String> onFast = fiveOn.apply(fast);
        List<String> onSlow = fiveOn.apply(slow);
        List<String> onOther = fiveOn.apply(line);

        List<String> claimed = ids(queue.lockDue(NOW, 50,
                new DispatchQueue.PerLine(Map.of(new LineId(fast), 4, new LineId(slow), 1), 3)));

        assertThat(claimed).filteredOn(onFast::contains).containsExactlyElementsOf(onFast.subList(0, 4));
        assertThat(claimed).filteredOn(onSlow::contains).containsExactlyElementsOf(onSlow.subList(0, 1));
        assertThat(claimed).filteredOn(onOther::contains).containsExactlyElementsOf(onOther.subList(0, 3));
        assertThat(claimed).hasSize(8);
    }

    @Test
    void aLineWhoseCredentialsWereRefused_isSkippedUntilACheckFindsItHealthy() {
        JdbiLineHealth health = new JdbiLineHealth(db.jdbi());
        String other = rows.line(ws);
        String held = rows.queued(ws, line, lead, NOW.minusSeconds(20));
        String open = rows.queued(ws, other, lead, NOW.minusSeconds(10));
        health.markUnhealthy(new LineId(line), "The provider refused the line's credentials (20003)", NOW);

        assertThat(ids(queue.lockDue(NOW, 10))).containsExactly(open);
        assertThat(db.row("SELECT status, reason, sending_held FROM line_health WHERE line_id = ?", line))
                .containsEntry("status", "unhealthy").containsEntry("sending_held", true);

        health.markHealthy(new LineId(line), NOW.plusSeconds(1));
        assertThat(ids(queue.lockDue(NOW, 10))).containsExactly(held, open);
        assertThat(db.row("SELECT status, sending_held FROM line_health WHERE line_id = ?", line))
                .containsEntry("status", "healthy").containsEntry("sending_held", false);

        // the periodic checks' store: an unhealthy result keeps a hold, a healthy one lifts it
        health.markUnhealthy(new LineId(line), "refused again", NOW.plusSeconds(2));
        JdbiLineHealthStore checks = new JdbiLineHealthStore(db.jdbi());
        checks.record(new LineId(line), LineHealth.unhealthy(NOW.plusSeconds(3), "unreachable"));
        assertThat(ids(queue.lockDue(NOW, 10))).containsExactly(open);
        checks.record(new LineId(line), LineHealth.healthy(NOW.plusSeconds(4)));
        assertThat(ids(queue.lockDue(NOW, 10))).containsExactly(held, open);
    }

    @Test
    void pacedLine_lockDue_takesOneRowOfIt() {
        db.exec("UPDATE lines SET pacing_seconds = 30 WHERE id = ?", line);
        String first = rows.queued(ws, line, lead, NOW.minusSeconds(20));
        rows.queued(ws, line, lead, NOW.minusSeconds(10));

        assertThat(ids(queue.lockDue(NOW, 10))).containsExactly(first);
    }

    @Test
    void closedGates_inactiveLines_readOnlyWorkspacesAndLeasedRows_areNotDue() {
        String closed = rows.line(ws);
        db.exec("UPDATE lines SET next_send_at = ? WHERE id = ?", NOW.plusSeconds(60), closed);
        rows.queued(ws, closed, lead, NOW.minusSeconds(5));
        String inactive = rows.line(ws);
        db.exec("UPDATE lines SET is_active = false WHERE id = ?", inactive);
        rows.queued(ws, inactive, lead, NOW.minusSeconds(5));
        String readOnly = rows.workspace();
        String readOnlyLine = rows.line(readOnly);
        db.exec("UPDATE workspaces SET status = 'read_only' WHERE id = ?", readOnly);
        rows.queued(readOnly, readOnlyLine, rows.lead(readOnly), NOW.minusSeconds(5));
        String leased = rows.queued(ws, line, lead, NOW.minusSeconds(5));
        queue.lease(new MessageId(leased), "node-a", NOW.plusSeconds(30), Optional.empty());

        assertThat(queue.lockDue(NOW, 10)).isEmpty();
    }

    @Test
    void newConversationsClosed_lockDue_takesOnlyLeadsTheLineAlreadyTalksTo() {
        String known = lead;
        String stranger = rows.lead(ws);
        db.exec("UPDATE lines SET new_conversations_open_at = ? WHERE id = ?", NOW.plusSeconds(3600), line);
        db.exec("INSERT INTO line_conversations (line_id, lead_id, workspace_id, opened_at) VALUES (?, ?, ?, ?)",
                line, known, ws, NOW.minusSeconds(3600));
        rows.queued(ws, line, stranger, NOW.minusSeconds(20));
        String toKnown = rows.queued(ws, line, known, NOW.minusSeconds(10));

        assertThat(ids(queue.lockDue(NOW, 10))).containsExactly(toKnown);
    }

    @Test
    void aRowLockedByAnotherTransaction_isSkipped_notWaitedFor() {
        String locked = rows.queued(ws, line, lead, NOW.minusSeconds(20));
        String free = rows.queued(ws, line, lead, NOW.minusSeconds(10));
        Jdbi other = Jdbi.create(db.dataSource());
        try (Handle h = other.open()) {
            h.begin();
            h.createQuery("SELECT message_id FROM dispatch_queue WHERE message_id = :id FOR UPDATE")
                    .bind("id", locked).mapTo(String.class).one();

            assertThat(ids(queue.lockDue(NOW, 10))).containsExactly(free);
            h.rollback();
        }
    }

    @Test
    void lease_takesTheRow_countsTheAttempt_andKeepsTheReservation() {
        String id = rows.queued(ws, line, lead, NOW.minusSeconds(5));
        Reserved reserved = new Reserved(Instant.parse("2026-03-10T00:00:00Z"), Instant.parse("2026-03-10T12:00:00Z"), true);

        int first = queue.lease(new MessageId(id), "node-a", NOW.plusSeconds(30), Optional.of(reserved));

        assertThat(first).isEqualTo(1);
        Map<String, Object> row = queueRow(id);
        assertThat(row.get("lease_owner")).isEqualTo("node-a");
        assertThat(((java.sql.Timestamp) row.get("lease_until")).toInstant()).isEqualTo(NOW.plusSeconds(30));
        assertThat(queue.lockLease(new MessageId(id), "node-a", 1)).contains(new DispatchQueue.Lease(1, Optional.of(reserved)));

        assertThat(queue.lease(new MessageId(id), "node-b", NOW.plusSeconds(60), Optional.empty())).isEqualTo(2);
        assertThat(queue.lockLease(new MessageId(id), "node-b", 2)).contains(new DispatchQueue.Lease(2, Optional.empty()));
        assertThat(queueRow(id).get("reserved_new")).isEqualTo(false);
    }

    @Test
    void lockLease_isEmpty_forAnotherOwnerOrAnOlderAttempt() {
        MessageId id = new MessageId(rows.queued(ws, line, lead, NOW.minusSeconds(5)));
        queue.lease(id, "node-a", NOW.plusSeconds(30), Optional.empty());
        queue.lease(id, "node-a", NOW.plusSeconds(30), Optional.empty());

        assertThat(queue.lockLease(id, "node-a", 2)).isPresent();
        assertThat(queue.lockLease(id, "node-a", 1)).isEmpty();
        assertThat(queue.lockLease(id, "node-b", 2)).isEmpty();
        assertThat(queue.lockLease(new MessageId(TestRows.newId()), "node-a", 1)).isEmpty();
    }

    @Test
    void reschedule_movesTheDueTime_withoutLeasing() {
        String id = rows.queued(ws, line, lead, NOW.minusSeconds(5));

        queue.reschedule(new MessageId(id), NOW.plusSeconds(600));

        assertThat(queue.lockDue(NOW, 10)).isEmpty();
        assertThat(ids(queue.lockDue(NOW.plusSeconds(600), 10))).containsExactly(id);
        assertThat(queueRow(id).get("lease_owner")).isNull();
    }

    @Test
    void isQueued_tellsWhetherTheMessageHasARow() {
        String queued = rows.queued(ws, line, lead, NOW);
        String sent = rows.message(ws, line, lead, "sent", NOW);

        assertThat(queue.isQueued(new MessageId(queued))).isTrue();
        assertThat(queue.isQueued(new MessageId(sent))).isFalse();
    }

    @Test
    void requeue_byTheHolder_endsTheLease_andMakesTheRowDueAgain() {
        MessageId id = new MessageId(rows.queued(ws, line, lead, NOW.minusSeconds(5)));
        Reserved reserved = new Reserved(Instant.parse("2026-03-10T00:00:00Z"), Instant.parse("2026-03-10T12:00:00Z"), true);
        int attempt = queue.lease(id, "node-a", NOW.plusSeconds(30), Optional.of(reserved));

        assertThat(queue.requeue(id, "node-a", attempt, NOW.plusSeconds(120))).isTrue();

        Map<String, Object> row = queueRow(id.value());
        assertThat(row.get("lease_owner")).isNull();
        assertThat(row.get("reserved_day")).isNull();
        assertThat(row.get("reserved_new")).isEqualTo(false);
        assertThat(ids(queue.lockDue(NOW.plusSeconds(120), 10))).containsExactly(id.value());
    }

    @Test
    void requeue_withAStaleFence_changesNothing() {
        MessageId id = new MessageId(rows.queued(ws, line, lead, NOW.minusSeconds(5)));
        int attempt = queue.lease(id, "node-a", NOW.plusSeconds(30), Optional.empty());

        assertThat(queue.requeue(id, "node-b", attempt, NOW)).isFalse();
        assertThat(queue.requeue(id, "node-a", attempt + 1, NOW)).isFalse();
        assertThat(queueRow(id.value()).get("lease_owner")).isEqualTo("node-a");
    }

    @Test
    void renew_extendsEveryLeaseOfTheOwner_only() {
        MessageId a1 = new MessageId(rows.queued(ws, line, lead, NOW));
        MessageId a2 = new MessageId(rows.queued(ws, line, lead, NOW));
        MessageId b = new MessageId(rows.queued(ws, line, lead, NOW));
        queue.lease(a1, "node-a", NOW.plusSeconds(10), Optional.empty());
        queue.lease(a2, "node-a", NOW.plusSeconds(10), Optional.empty());
        queue.lease(b, "node-b", NOW.plusSeconds(10), Optional.empty());

        assertThat(queue.renew("node-a", NOW.plusSeconds(40))).isEqualTo(2);

        assertThat(db.count("SELECT count(*) FROM dispatch_queue WHERE lease_until = ?", NOW.plusSeconds(40))).isEqualTo(2);
        assertThat(((java.sql.Timestamp) queueRow(b.value()).get("lease_until")).toInstant()).isEqualTo(NOW.plusSeconds(10));
    }

    @Test
    void sweepExpired_returnsRunOutLeasesToTheQueue_andLeavesLiveOnes() {
        MessageId expired = new MessageId(rows.queued(ws, line, lead, NOW.minusSeconds(60)));
        MessageId live = new MessageId(rows.queued(ws, rows.line(ws), lead, NOW.minusSeconds(60)));
        queue.lease(expired, "dead-node", NOW.minusSeconds(1), Optional.empty());
        queue.lease(live, "node-a", NOW.plusSeconds(30), Optional.empty());

        assertThat(queue.sweepExpired(NOW)).containsExactly(expired);

        assertThat(queueRow(expired.value()).get("lease_owner")).isNull();
        assertThat(queueRow(live.value()).get("lease_owner")).isEqualTo("node-a");
        assertThat(ids(queue.lockDue(NOW, 10))).containsExactly(expired.value());
        assertThat(queue.sweepExpired(NOW)).isEmpty();
    }

    @Test
    void aLineWithAClaimInProgress_isNotClaimedAgain_untilThatClaimIsDone() {
        MessageId first = new MessageId(rows.queued(ws, line, lead, NOW.minusSeconds(60)));
        MessageId second = new MessageId(rows.queued(ws, line, lead, NOW.minusSeconds(50)));
        String otherLine = rows.line(ws);
        MessageId elsewhere = new MessageId(rows.queued(ws, otherLine, lead, NOW.minusSeconds(40)));
        queue.lease(first, "node-a", NOW.plusSeconds(30), Optional.empty());

        assertThat(ids(queue.lockDue(NOW, 10))).as("the busy line's next message waits").containsExactly(elsewhere.value());

        db.exec("DELETE FROM dispatch_queue WHERE message_id = ?", first.value()); // its outcome recorded
        assertThat(ids(queue.lockDue(NOW, 10))).containsExactly(second.value(), elsewhere.value());
    }

    @Test
    void countSendAttempt_countsOnTheMessage() {
        MessageId id = new MessageId(rows.queued(ws, line, lead, NOW));

        assertThat(queue.countSendAttempt(id)).isEqualTo(1);
        assertThat(queue.countSendAttempt(id)).isEqualTo(2);
        assertThat(queue.lockDue(NOW, 10).get(0).sendAttempts()).isEqualTo(2);
    }

    @Test
    void severalLockedRows_leaseAll_leasesEachWithItsReservation_andAnswersTheirAttemptsInOrder() {
        String a = rows.queued(ws, line, lead, NOW.minusSeconds(20));
        String b = rows.queued(ws, line, lead, NOW.minusSeconds(10));
        db.exec("UPDATE dispatch_queue SET attempt = 4 WHERE message_id = ?", b);
        Reserved reserved = new Reserved(Instant.parse("2026-03-10T00:00:00Z"), Instant.parse("2026-03-10T12:00:00Z"), true);

        List<Integer> attempts = db.jdbi().inTransaction(h -> queue.leaseAll(List.of(
                new DispatchQueue.NewLease(new MessageId(b), "node-x/d0.1", NOW.plusSeconds(60), Optional.of(reserved)),
                new DispatchQueue.NewLease(new MessageId(a), "node-x/d0.1", NOW.plusSeconds(60), Optional.empty()))));

        assertThat(attempts).containsExactly(5, 1);
        assertThat(queueRow(b)).containsEntry("lease_owner", "node-x/d0.1").containsEntry("reserved_new", true);
        assertThat(queueRow(b).get("reserved_day")).isNotNull();
        assertThat(queueRow(a)).containsEntry("lease_owner", "node-x/d0.1").containsEntry("reserved_new", false);
        assertThat(queueRow(a).get("reserved_day")).isNull();
    }

    @Test
    void lockForOutcomes_locksEveryMessageFound_andOnlyTheLeasesStillHeld_inOneStatement() {
        String held = rows.queued(ws, line, lead, NOW.minusSeconds(20));
        String lost = rows.queued(ws, line, lead, NOW.minusSeconds(10));
        String done = rows.queued(ws, line, lead, NOW.minusSeconds(5));
        Reserved reserved = new Reserved(Instant.parse("2026-03-10T00:00:00Z"), Instant.parse("2026-03-10T12:00:00Z"), true);
        db.jdbi().useTransaction(h -> queue.leaseAll(List.of(
                new DispatchQueue.NewLease(new MessageId(held), "o1", NOW.plusSeconds(60), Optional.of(reserved)),
                new DispatchQueue.NewLease(new MessageId(lost), "o1", NOW.plusSeconds(60), Optional.empty()),
                new DispatchQueue.NewLease(new MessageId(done), "o1", NOW.plusSeconds(60), Optional.empty()))));
        db.exec("UPDATE dispatch_queue SET lease_owner = 'another', attempt = attempt + 1 WHERE message_id = ?", lost);
        db.exec("DELETE FROM dispatch_queue WHERE message_id = ?", done);
        MessageId missing = new MessageId("ffffffffffffffffffffffff");

        DispatchQueue.Locked locked = db.jdbi().inTransaction(h -> {
            DispatchQueue.Locked l = queue.lockForOutcomes(List.of(new DispatchQueue.HeldLease(new MessageId(lost), "o1", 1),
                    new DispatchQueue.HeldLease(missing, "o1", 1), new DispatchQueue.HeldLease(new MessageId(done), "o1", 1),
                    new DispatchQueue.HeldLease(new MessageId(held), "o1", 1)));
            // both the message and its queue row stay locked until the transaction ends (seen from another connection)
            List<String> lockedHere = Jdbi.create(db.dataSource()).inTransaction(other -> {
                List<String> free = new java.util.ArrayList<>(other.createQuery(
                                "SELECT 'm:' || id FROM messages WHERE id IN (:a, :b, :c) FOR UPDATE SKIP LOCKED")
                        .bind("a", held).bind("b", lost).bind("c", done).mapTo(String.class).list());
                free.addAll(other.createQuery("SELECT 'q:' || message_id FROM dispatch_queue WHERE message_id IN (:a, :b) FOR UPDATE SKIP LOCKED")
                        .bind("a", held).bind("b", lost).mapTo(String.class).list());
                return free;
            });
            assertThat(lockedHere).as("rows another transaction can still lock").containsExactly("q:" + lost);
            return l;
        });

        assertThat(locked.messages()).containsOnlyKeys(new MessageId(held), new MessageId(lost), new MessageId(done));
        assertThat(locked.messages().get(new MessageId(held)).status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(locked.leases()).containsOnly(Map.entry(new MessageId(held), new DispatchQueue.Lease(1, Optional.of(reserved))));
    }
}
