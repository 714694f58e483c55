package ai.tuco.bootstrap.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.dispatch.GroupedOutcomes;
import ai.tuco.application.dispatch.GroupedOutcomes.Recorded;
import ai.tuco.application.dispatch.RecordSendOutcome;
import ai.tuco.application.dispatch.SendClaimed;
import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Claim;
import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Outcome;
import ai.tuco.application.dispatch.port.out.DispatchQueue;
import ai.tuco.application.dispatch.port.out.EarlyUpdates;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LineId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Send outcomes recorded as one group (ADR 23) on PostgreSQL: each outcome written once with its event, attempts and
 * early updates; a group that fails part-way records nothing wrong and loses nothing (the others are recorded alone,
 * the failing one keeps its lease); a group recorded again (a commit whose answer was lost) writes nothing twice.
 */
class GroupedOutcomesTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static DispatchHarness node;

    @BeforeAll
    static void start() {
        node = new DispatchHarness(db, Clock.systemUTC(), DispatchHarness.testSettings()); // dispatchers off: claimed by hand
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** One message on each of three lines, claimed under {@code owner}, in message id order. */
    private List<Claim> threeClaims(String owner) {
        var ws = node.workspace();
        for (int i = 0; i < 3; i++) {
            LineId line = node.line(ws, Channel.SMS);
            node.send(ws, Map.of("message", "hi", "messageType", "sms", "fromLineId", line.value(),
                    "recipientPhone", "+1202555" + (7000 + i)));
        }
        List<Claim> claims = new ArrayList<>(node.dispatch().claim(owner));
        assertThat(claims).hasSize(3);
        claims.sort(Comparator.comparing(c -> c.messageId().value()));
        return claims;
    }

    private static SendClaimed.Attempt sent(String externalId) {
        return new SendClaimed.Attempt(new SendClaimed.Result.Sent(externalId, Optional.empty()), true, Optional.of("+12025557000"));
    }

    private static long events(Claim c, String status) {
        return node.sql("SELECT count(*) FROM message_events WHERE message_id = ? AND to_status = ?", c.messageId().value(), status);
    }

    private static long attempts(Claim c) {
        return node.sql("SELECT attempts FROM messages WHERE id = ?", c.messageId().value());
    }

    private static long leased(Claim c) {
        return node.sql("SELECT count(*) FROM dispatch_queue WHERE message_id = ? AND lease_owner = ? AND attempt = ?",
                c.messageId().value(), c.owner(), c.attempt());
    }

    @Test
    void aGroup_isRecordedOnce_eachWithItsEventAttemptAndEarlyUpdates() {
        List<Claim> claims = threeClaims("node-test/g1.1");
        String suffix = Long.toString(Instant.now().toEpochMilli());
        List<SendClaimed.Attempt> attempts = List.of(sent("x1-" + suffix), sent("x2-" + suffix), sent("x3-" + suffix));
        // the provider said "delivered" for the second before its send was recorded
        node.tuco.get(EarlyUpdates.class).keep(claims.get(1).line().id(),
                StatusUpdate.byExternalId("x2-" + suffix, StatusUpdate.Kind.DELIVERED), Instant.now());

        // as for a provider with line callbacks (the sandbox's lines never look: it keeps no early update)
        GroupedOutcomes grouped = new GroupedOutcomes(node.tuco.get(TransactionRunner.class), node.tuco.get(DispatchQueue.class),
                node.tuco.get(MessageRepository.class), node.tuco.get(EarlyUpdates.class), node.tuco.get(RecordSendOutcome.class), 100);

        List<Recorded> recorded = grouped.recordTogether(claims, attempts);

        assertThat(recorded).extracting(Recorded::outcome).containsOnly(Optional.of(Outcome.SENT));
        for (int i = 0; i < 3; i++) {
            Claim c = claims.get(i);
            assertThat(events(c, "sent")).as("one sent event").isEqualTo(1);
            assertThat(attempts(c)).isEqualTo(1);
            assertThat(node.sql("SELECT count(*) FROM messages WHERE id = ? AND external_message_id = ?",
                    c.messageId().value(), "x" + (i + 1) + "-" + suffix)).isEqualTo(1);
            assertThat(node.sql("SELECT count(*) FROM dispatch_queue WHERE message_id = ?", c.messageId().value())).isZero();
        }
        assertThat(node.sql("SELECT count(*) FROM messages WHERE id = ? AND status = 'delivered'", claims.get(1).messageId().value()))
                .as("the early update applied right after the send").isEqualTo(1);

        List<Recorded> again = grouped.recordTogether(claims, attempts);

        assertThat(again).extracting(Recorded::outcome).containsOnly(Optional.of(Outcome.LEASE_LOST));
        for (Claim c : claims) {
            assertThat(events(c, "sent")).as("nothing written twice").isEqualTo(1);
            assertThat(attempts(c)).isEqualTo(1);
        }
    }

    /** The real transaction runner, counting the transactions opened through it. */
    private static TransactionRunner counting(AtomicInteger opened) {
        TransactionRunner real = node.tuco.get(TransactionRunner.class);
        return new TransactionRunner() {
            @Override
            public <T> T inTransaction(Supplier<T> work) {
                opened.incrementAndGet();
                return real.inTransaction(work);
            }

            @Override
            public void afterCommit(Runnable action) {
                real.afterCommit(action);
            }

            @Override
            public Failure classify(RuntimeException thrown) {
                return real.classify(thrown);
            }
        };
    }

    @Test
    void plainSends_areWrittenByOneStatementWithoutATransaction_andWhatChangedSinceTheClaim_underLocks() {
        AtomicInteger transactions = new AtomicInteger();
        // as for the sandbox's lines: a provider that never reports before our record of the send
        GroupedOutcomes grouped = new GroupedOutcomes(counting(transactions), node.tuco.get(DispatchQueue.class),
                node.tuco.get(MessageRepository.class), node.tuco.get(EarlyUpdates.class), node.tuco.get(RecordSendOutcome.class),
                100, line -> false);
        List<Claim> plain = threeClaims("node-test/g3.1");

        assertThat(grouped.recordTogether(plain, List.of(sent("z1"), sent("z2"), sent("z3")))).extracting(Recorded::outcome)
                .containsOnly(Optional.of(Outcome.SENT));
        assertThat(transactions).as("none when every send is still as claimed").hasValue(0);
        for (Claim c : plain) {
            assertThat(events(c, "sent")).isEqualTo(1);
            assertThat(attempts(c)).isEqualTo(1);
            assertThat(node.sql("SELECT count(*) FROM dispatch_queue WHERE message_id = ?", c.messageId().value())).isZero();
        }

        List<Claim> claims = threeClaims("node-test/g3.2");
        // the second was written again since its claim; the third's lease ran out and was swept
        node.exec("UPDATE messages SET updated_at = updated_at + interval '1 millisecond', version = version + 1 WHERE id = ?",
                claims.get(1).messageId().value());
        node.exec("UPDATE dispatch_queue SET lease_owner = NULL, lease_until = NULL WHERE message_id = ?",
                claims.get(2).messageId().value());

        List<Recorded> recorded = grouped.recordTogether(claims, List.of(sent("z4"), sent("z5"), sent("z6")));

        assertThat(recorded).extracting(Recorded::outcome)
                .containsExactly(Optional.of(Outcome.SENT), Optional.of(Outcome.SENT), Optional.of(Outcome.LEASE_LOST));
        assertThat(transactions).as("one, for the two the statement left").hasValue(1);
        for (Claim c : claims.subList(0, 2)) {
            assertThat(events(c, "sent")).isEqualTo(1);
            assertThat(attempts(c)).isEqualTo(1);
        }
        assertThat(node.sql("SELECT count(*) FROM messages WHERE id = ? AND status = 'sending'", claims.get(2).messageId().value()))
                .as("its lease lost: nothing written").isEqualTo(1);
        assertThat(events(claims.get(2), "sent")).isZero();
        node.exec("DELETE FROM dispatch_queue WHERE message_id = ?", claims.get(2).messageId().value()); // not claimed again
    }

    @Test
    void aGroupThatFailsPartWay_recordsTheOthersAlone_andTheFailingOneKeepsItsLease() {
        List<Claim> claims = threeClaims("node-test/g2.1");
        Claim bad = claims.get(1);
        node.exec("""
                CREATE FUNCTION test_fail_one_record() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.id = '%s' AND NEW.status = 'sent' THEN
                        RAISE EXCEPTION 'injected failure while recording one send';
                    END IF;
                    RETURN NEW;
                END $$""".formatted(bad.messageId().value()));
        node.exec("CREATE TRIGGER test_fail_one_record BEFORE UPDATE ON messages FOR EACH ROW EXECUTE FUNCTION test_fail_one_record()");
        List<SendClaimed.Attempt> attempts = List.of(sent("y1"), sent("y2"), sent("y3"));
        List<Recorded> recorded;
        try {
            recorded = node.tuco.get(GroupedOutcomes.class).recordTogether(claims, attempts);
        } finally {
            node.exec("DROP TRIGGER test_fail_one_record ON messages");
        }

        assertThat(recorded.get(0).outcome()).contains(Outcome.SENT);
        assertThat(recorded.get(2).outcome()).contains(Outcome.SENT);
        assertThat(recorded.get(1).outcome()).isEmpty();
        assertThat(recorded.get(1).error()).isPresent();
        for (Claim c : List.of(claims.get(0), claims.get(2))) {
            assertThat(events(c, "sent")).isEqualTo(1);
            assertThat(attempts(c)).as("counted once, not again for the failed group").isEqualTo(1);
        }
        assertThat(node.sql("SELECT count(*) FROM messages WHERE id = ? AND status = 'sending'", bad.messageId().value())).isEqualTo(1);
        assertThat(events(bad, "sent")).isZero();
        assertThat(attempts(bad)).isZero();
        assertThat(leased(bad)).as("still leased: recorded later, or swept when the lease runs out").isEqualTo(1);

        assertThat(node.tuco.get(GroupedOutcomes.class).recordTogether(List.of(bad), List.of(attempts.get(1))).get(0).outcome())
                .contains(Outcome.SENT);
        assertThat(events(bad, "sent")).isEqualTo(1);
    }
}
