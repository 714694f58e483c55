package ai.tuco.adapters.persistence.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.postgres.TestRows;
import ai.tuco.application.provider.GroupedSandboxStore;
import ai.tuco.application.provider.port.out.SandboxStore.Later;
import ai.tuco.application.provider.port.out.SandboxStore.Outcome;
import ai.tuco.application.provider.port.out.SandboxStore.Send;
import ai.tuco.application.provider.port.out.SandboxStore;
import ai.tuco.domain.shared.MessageId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SandboxStore port's contract on PostgreSQL: the ledger of sends and the outcomes reported later. */
class JdbiSandboxStoreTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    private final TestRows rows = new TestRows(db);
    private final SandboxStore store = new JdbiSandboxStore(db.jdbi());
    /** How the sandbox provider uses this store: sends made at the same moment share one statement. */
    private final GroupedSandboxStore grouped = new GroupedSandboxStore(store);
    private String ws;
    private String line;
    private String lead;

    @BeforeEach
    void aWorkspace() {
        // takeDue reads every workspace's outcomes: each test starts from none
        db.exec("DELETE FROM sandbox_outcomes");
        ws = rows.workspace();
        line = rows.line(ws);
        lead = rows.lead(ws);
    }

    private MessageId message() {
        return new MessageId(rows.message(ws, line, lead, "sending", NOW));
    }

    @Test
    void recordSend_appendsToTheLedger_andSendCountCountsEveryAttempt() {
        MessageId id = message();
        store.recordSend(new Send(id, ws, line, "sms", "+14155550100", "hello", true, Optional.of("sbx-1"), Optional.empty(), NOW));
        store.recordSend(new Send(id, ws, line, "sms", "+14155550100", "hello", false, Optional.empty(), Optional.of("SANDBOX_REJECTED"),
                NOW.plusSeconds(1)));

        assertThat(store.sendCount(id)).isEqualTo(2);
        assertThat(store.sendCount(message())).isZero();
        Map<String, Object> accepted = db.row("SELECT * FROM sandbox_sends WHERE message_id = ? AND outcome = 'accepted'", id.value());
        assertThat(accepted).containsEntry("workspace_id", ws).containsEntry("line_id", line).containsEntry("channel", "sms")
                .containsEntry("recipient", "+14155550100").containsEntry("body", "hello").containsEntry("external_id", "sbx-1");
        assertThat(db.strings("SELECT error_code FROM sandbox_sends WHERE message_id = ? AND outcome = 'rejected'", id.value()))
                .containsExactly("SANDBOX_REJECTED");
    }

    @Test
    void scheduledOutcomes_takeDue_returnsTheDueOnes_earliestFirst_upToTheLimit() {
        MessageId a = message();
        MessageId b = message();
        MessageId later = message();
        later(b, "sbx-b", "failed", Optional.of("UNREACHABLE"), Optional.of("no such number"), NOW.minusSeconds(1));
        later(a, "sbx-a", "delivered", Optional.empty(), Optional.empty(), NOW.minusSeconds(2));
        later(later, "sbx-l", "read", Optional.empty(), Optional.empty(), NOW.plusSeconds(60));

        assertThat(store.takeDue(NOW, 1, NOW.plusSeconds(30))).extracting(Outcome::messageId).containsExactly(a);
        List<Outcome> due = store.takeDue(NOW, 10, NOW.plusSeconds(30));

        assertThat(due).extracting(Outcome::messageId).containsExactly(b);
        Outcome failed = due.get(0);
        assertThat(failed.externalId()).isEqualTo("sbx-b");
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.errorCode()).contains("UNREACHABLE");
        assertThat(failed.errorMessage()).contains("no such number");
        List<Outcome> rest = store.takeDue(NOW.plusSeconds(60), 10, NOW.plusSeconds(90));
        assertThat(rest).extracting(Outcome::messageId).as("the hidden ones are due again with the later one")
                .containsExactlyInAnyOrder(a, b, later);
        assertThat(rest).filteredOn(o -> o.messageId().equals(a)).singleElement()
                .satisfies(o -> assertThat(o.errorCode()).isEmpty());
    }

    @Test
    void takenOutcomes_areHiddenUntilHideUntil_soACrashOnlyDelaysThem() {
        MessageId id = message();
        later(id, "sbx-h", "delivered", Optional.empty(), Optional.empty(), NOW);

        assertThat(store.takeDue(NOW, 10, NOW.plusSeconds(30))).hasSize(1);

        assertThat(store.takeDue(NOW.plusSeconds(29), 10, NOW.plusSeconds(60))).isEmpty();
        assertThat(store.takeDue(NOW.plusSeconds(30), 10, NOW.plusSeconds(60))).extracting(Outcome::messageId).containsExactly(id);
    }

    @Test
    void done_removesReportedOutcomes_andAnEmptyListIsANoOp() {
        later(message(), "sbx-1", "delivered", Optional.empty(), Optional.empty(), NOW);
        later(message(), "sbx-2", "delivered", Optional.empty(), Optional.empty(), NOW);
        List<Outcome> due = store.takeDue(NOW, 10, NOW.plusSeconds(30));

        store.done(List.of());
        assertThat(db.count("SELECT count(*) FROM sandbox_outcomes")).isEqualTo(2);

        store.done(List.of(due.get(0).id()));
        assertThat(db.count("SELECT count(*) FROM sandbox_outcomes")).isEqualTo(1);
        assertThat(store.takeDue(NOW.plusSeconds(30), 10, NOW.plusSeconds(60))).extracting(Outcome::id).containsExactly(due.get(1).id());
    }

    @Test
    void anAcceptedSendWithItsLaterEvent_writesBoth_withTheSendsWorkspace() {
        MessageId id = message();

        store.recordSend(new Send(id, ws, line, "imessage", "+14155550101", "hi", true, Optional.of("sbx-w"), Optional.empty(), NOW),
                Optional.of(new Later("failed", Optional.of("UNDELIVERED"), Optional.of("carrier said no"), NOW.plusSeconds(1))));

        assertThat(db.row("SELECT workspace_id, line_id, outcome, external_id FROM sandbox_sends WHERE message_id = ?", id.value()))
                .containsEntry("workspace_id", ws).containsEntry("line_id", line).containsEntry("outcome", "accepted")
                .containsEntry("external_id", "sbx-w");
        assertThat(store.takeDue(NOW, 10, NOW.plusSeconds(30))).isEmpty();
        assertThat(store.takeDue(NOW.plusSeconds(1), 10, NOW.plusSeconds(30))).singleElement().satisfies(o -> {
            assertThat(o.messageId()).isEqualTo(id);
            assertThat(o.externalId()).isEqualTo("sbx-w");
            assertThat(o.status()).isEqualTo("failed");
            assertThat(o.errorCode()).contains("UNDELIVERED");
            assertThat(o.errorMessage()).contains("carrier said no");
        });
        assertThat(db.strings("SELECT workspace_id FROM sandbox_outcomes WHERE message_id = ?", id.value())).containsExactly(ws);
    }

    @Test
    void sendsMadeWhileAnotherIsWritten_shareOneTransaction_andEachCallerReturnsOnceItIsCommitted() throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        try (Handle blocker = db.jdbi().open()) {
            // the first send's statement waits for this lock, holding the writer's turn
            blocker.begin();
            blocker.execute("LOCK TABLE sandbox_outcomes IN EXCLUSIVE MODE");
            MessageId first = message();
            Future<?> firstSend = threads.submit(() -> laterGrouped(first, "sbx-first"));
            await().atMost(Duration.ofSeconds(10)).until(() -> db.count(
                    "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'sandbox_outcomes'::regclass") == 1);
            List<MessageId> queued = new ArrayList<>();
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                MessageId id = message();
                queued.add(id);
                sends.add(threads.submit(() -> laterGrouped(id, "sbx-" + id.value())));
            }
            await().atMost(Duration.ofSeconds(10)).until(grouped::waiting, n -> n == 5);
            assertThat(sends).as("no caller returns before its send is committed").noneMatch(Future::isDone);
            assertThat(firstSend.isDone()).isFalse();
            blocker.rollback();

            firstSend.get(10, TimeUnit.SECONDS);
            for (Future<?> f : sends) {
                f.get(10, TimeUnit.SECONDS);
            }
            String[] ids = queued.stream().map(MessageId::value).toArray(String[]::new);
            assertThat(db.strings("SELECT DISTINCT xmin::text FROM sandbox_sends WHERE message_id = ANY(CAST(? AS bpchar[]))", (Object) ids))
                    .as("the five queued sends were written by one transaction").hasSize(1)
                    .doesNotContainAnyElementsOf(db.strings("SELECT xmin::text FROM sandbox_sends WHERE message_id = ?", first.value()));
            assertThat(db.strings("SELECT DISTINCT xmin::text FROM sandbox_outcomes WHERE message_id = ANY(CAST(? AS bpchar[]))", (Object) ids))
                    .isEqualTo(db.strings("SELECT DISTINCT xmin::text FROM sandbox_sends WHERE message_id = ANY(CAST(? AS bpchar[]))", (Object) ids));
            assertThat(db.count("SELECT count(*) FROM sandbox_outcomes WHERE message_id = ANY(CAST(? AS bpchar[]))", (Object) ids)).isEqualTo(5);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aGroupKeepsEachSendsOwnValues_nullsQuotesAndMicroseconds() throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        Instant at = NOW.plusNanos(123_456_000);
        String body = "He said \"hi\" \\ {x,y} NULL, é 🚀";
        try {
            List<MessageId> ids = new ArrayList<>();
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                MessageId id = message();
                ids.add(id);
                boolean accepted = i % 2 == 0;
                sends.add(threads.submit(() -> grouped.recordSend(new Send(id, ws, line, "sms", "+1415555" + id.value().substring(18),
                        body, accepted, accepted ? Optional.of("sbx-" + id.value()) : Optional.empty(),
                        accepted ? Optional.empty() : Optional.of("SANDBOX_REJECTED"), at),
                        accepted ? Optional.of(new Later("delivered", Optional.empty(), Optional.empty(), at.plusSeconds(1)))
                                : Optional.empty())));
            }
            for (Future<?> f : sends) {
                f.get(10, TimeUnit.SECONDS);
            }
            for (int i = 0; i < 20; i++) {
                MessageId id = ids.get(i);
                Map<String, Object> row = db.row("SELECT * FROM sandbox_sends WHERE message_id = ?", id.value());
                assertThat(row).containsEntry("body", body).containsEntry("recipient", "+1415555" + id.value().substring(18));
                assertThat(((java.sql.Timestamp) row.get("at")).toInstant()).isEqualTo(at);
                if (i % 2 == 0) {
                    assertThat(row).containsEntry("outcome", "accepted").containsEntry("external_id", "sbx-" + id.value())
                            .containsEntry("error_code", null);
                } else {
                    assertThat(row).containsEntry("outcome", "rejected").containsEntry("external_id", null)
                            .containsEntry("error_code", "SANDBOX_REJECTED");
                }
            }
            List<Outcome> due = store.takeDue(at.plusSeconds(1), 100, at.plusSeconds(30));
            assertThat(due).extracting(Outcome::messageId).as("an outcome only for the accepted sends")
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 20).filter(i -> i % 2 == 0)
                            .mapToObj(ids::get).toList());
            assertThat(due).allSatisfy(o -> {
                assertThat(o.externalId()).isEqualTo("sbx-" + o.messageId().value());
                assertThat(o.status()).isEqualTo("delivered");
                assertThat(o.errorCode()).isEmpty();
                assertThat(o.errorMessage()).isEmpty();
            });
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aSendMadeInsideATransaction_isCommittedOnItsOwn_andStaysWhenThatTransactionRollsBack() {
        MessageId id = message();
        try {
            db.jdbi().useTransaction(h -> {
                later(id, "sbx-in-tx", "delivered", Optional.empty(), Optional.empty(), NOW);
                throw new IllegalStateException("the caller's transaction fails");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }

        assertThat(store.sendCount(id)).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM sandbox_outcomes WHERE message_id = ?", id.value())).isEqualTo(1);
    }

    @Test
    void recordSends_writesEverySendInOneTransaction_andAnEmptyListIsANoOp() {
        MessageId a = message();
        MessageId b = message();
        store.recordSends(List.of());
        store.recordSends(List.of(
                new SandboxStore.Recorded(new Send(a, ws, line, "sms", "+14155550100", "one", true, Optional.of("sbx-a"),
                        Optional.empty(), NOW), Optional.of(new Later("delivered", Optional.empty(), Optional.empty(), NOW))),
                new SandboxStore.Recorded(new Send(b, ws, line, "sms", "+14155550101", "two", false, Optional.empty(),
                        Optional.of("SANDBOX_REJECTED"), NOW), Optional.empty())));

        assertThat(db.strings("SELECT DISTINCT xmin::text FROM sandbox_sends WHERE message_id IN (?, ?)", a.value(), b.value()))
                .hasSize(1);
        assertThat(store.sendCount(a)).isEqualTo(1);
        assertThat(store.sendCount(b)).isEqualTo(1);
        assertThat(store.takeDue(NOW, 10, NOW.plusSeconds(30))).extracting(Outcome::messageId).containsExactly(a);
    }

    /** Through the grouping store: an accepted send of this message, with a "delivered" due now. */
    private void laterGrouped(MessageId id, String externalId) {
        grouped.recordSend(new Send(id, ws, line, "sms", "+14155550100", "hello", true, Optional.of(externalId), Optional.empty(), NOW),
                Optional.of(new Later("delivered", Optional.empty(), Optional.empty(), NOW)));
    }

    /** An accepted send of this message, with the event it reports at {@code due}. */
    private void later(MessageId id, String externalId, String status, Optional<String> errorCode,
            Optional<String> errorMessage, Instant due) {
        store.recordSend(new Send(id, ws, line, "sms", "+14155550100", "hello", true, Optional.of(externalId), Optional.empty(), NOW),
                Optional.of(new Later(status, errorCode, errorMessage, due)));
    }

    /**
     * The due poll and the delete are planned on each execution, never cached as a server-prepared statement: a generic
     * plan made while the table is small scans it sequentially once it has grown (ADR 38). pgjdbc server-prepares a
     * statement from its fifth execution on one connection, so twenty calls on one connection would show it in
     * {@code pg_prepared_statements} if it were.
     */
    @Test
    void duePollAndDelete_areNeverServerPrepared() throws Exception {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user().orElse(null),
                db.password().orElse(null))) {
            Jdbi one = Jdbi.create(new ConnectionFactory() {
                @Override
                public Connection openConnection() {
                    return connection;
                }

                @Override
                public void closeConnection(Connection toClose) {
                    // the same connection for every handle
                }
            });
            SandboxStore onOneConnection = new JdbiSandboxStore(one);
            for (int i = 0; i < 20; i++) {
                onOneConnection.takeDue(NOW, 10, NOW.plusSeconds(30));
                onOneConnection.done(List.of(-1L));
            }
            List<String> prepared = preparedOnTheTable(one);
            assertThat(prepared).isEmpty();
            // the check can see a server-prepared statement: the same query without the customizer is listed
            for (int i = 0; i < 20; i++) {
                one.useHandle(h -> h.createUpdate("DELETE FROM sandbox_outcomes WHERE id = ANY(CAST(:ids AS bigint[]))")
                        .bind("ids", new Long[] {-1L}).execute());
            }
            List<String> preparedWithout = preparedOnTheTable(one);
            assertThat(preparedWithout).hasSize(1);
        }
    }

    /** The statements on {@code sandbox_outcomes} that the connection behind {@code one} has server-prepared. */
    private static List<String> preparedOnTheTable(Jdbi one) {
        return one.withHandle(h -> h.createQuery(
                "SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%sandbox_outcomes%'")
                .mapTo(String.class).list());
    }
}
