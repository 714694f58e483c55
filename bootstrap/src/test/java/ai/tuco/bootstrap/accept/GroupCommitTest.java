package ai.tuco.bootstrap.accept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.demo.port.in.SeedDemoUseCase;
import ai.tuco.bootstrap.Config;
import ai.tuco.bootstrap.TestConfigs;
import ai.tuco.bootstrap.TestHttp;
import ai.tuco.bootstrap.Tuco;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Group commit on real PostgreSQL, through a proxy that can hold or cut the accepting transaction's COMMIT: no 201
 * leaves before its COMMIT returns, and a batch whose COMMIT answer was lost is run again without a second message.
 * One writer that waits 50 ms for a fuller batch, so concurrent requests share transactions.
 */
class GroupCommitTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static CommitGate gate;
    static Tuco tuco;
    static TestHttp http;
    static String key;

    @BeforeAll
    static void start() throws Exception {
        URI direct = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        gate = new CommitGate(direct.getPort());
        Map<String, String> env = TestConfigs.env(db, "TUCO_DEMO", "true", "TUCO_DISPATCH_ENABLED", "false",
                "TUCO_ACCEPT_WRITERS", "1", "TUCO_ACCEPT_LINGER_MICROS", "50000", "TUCO_DATABASE_POOL_SIZE", "6");
        String proxied = db.jdbcUrl().replace("//" + direct.getHost() + ":" + direct.getPort() + "/", "//127.0.0.1:" + gate.port() + "/");
        env.put("TUCO_DATABASE_URL", proxied + (proxied.contains("?") ? "&" : "?") + "prepareThreshold=0");
        tuco = Tuco.open(Config.from(env), Clock.systemUTC());
        key = tuco.seedDemoIfEnabled().orElseThrow().apiKey();
        http = new TestHttp(tuco.startHttp().port());
    }

    @AfterAll
    static void stop() throws Exception {
        gate.release();
        tuco.close();
        gate.close();
    }

    static String body(String text) {
        return "{\"message\": \"" + text + "\", \"leadId\": \"" + SeedDemoUseCase.DEMO_LEAD.value() + "\"}";
    }

    static TestHttp.Response post(String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + key;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return http.post("/api/messages", body, all);
    }

    static long count(String sql, Object... args) {
        return db.jdbi().withHandle(h -> h.select(sql, args).mapTo(Long.class).one());
    }

    @Test
    void noAnswerLeaves_beforeTheBatchCommitReturns() throws Exception {
        gate.holdNext();
        CompletableFuture<TestHttp.Response> answer = CompletableFuture.supplyAsync(() -> post(body("held commit")));

        assertThat(gate.awaitCaught(10)).as("the accepting COMMIT reached the gate").isTrue();
        // held for 300 ms: an answer sent before its COMMIT returned would show up meanwhile
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(answer).as("no answer while the COMMIT is held").isNotDone());
        assertThat(count("SELECT count(*) FROM messages WHERE template = 'held commit'")).as("nothing visible yet").isZero();

        gate.release();
        TestHttp.Response r = answer.get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(201);
        assertThat(count("SELECT count(*) FROM messages WHERE id = ? AND template = 'held commit'",
                r.json().at("/message/_id").asText())).isEqualTo(1);
    }

    @Test
    void aBatchWhoseCommitWasCut_isRunAgain_andCreatesNoSecondMessage() throws Exception {
        gate.cutNext();

        TestHttp.Response r = post(body("cut commit"));

        assertThat(gate.awaitCaught(0)).as("the accepting COMMIT was cut").isTrue();
        assertThat(r.status()).isEqualTo(201);
        String id = r.json().at("/message/_id").asText();
        assertThat(count("SELECT count(*) FROM messages WHERE template = 'cut commit'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM messages WHERE id = ?", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM message_events WHERE message_id = ?", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dispatch_queue WHERE message_id = ?", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE target_id = ?", id)).isEqualTo(1);
    }

    @Test
    void aKeyedBatchWhoseCommitWasCut_answersTheStoredAnswer() throws Exception {
        gate.cutNext();

        TestHttp.Response r = post(body("cut keyed commit"), "Idempotency-Key", "cut-key");
        assertThat(gate.awaitCaught(0)).as("the accepting COMMIT was cut").isTrue();
        TestHttp.Response again = post(body("cut keyed commit"), "Idempotency-Key", "cut-key");

        assertThat(r.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(r.body());
        assertThat(count("SELECT count(*) FROM messages WHERE template = 'cut keyed commit'")).isEqualTo(1);
    }

    @Test
    void concurrentAccepts_shareTransactions_andEachGetsItsOwnMessage() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<CompletableFuture<TestHttp.Response>> calls = IntStream.range(0, 40)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> post(body("together " + i)), pool)).toList();
            List<TestHttp.Response> answers = calls.stream().map(CompletableFuture::join).toList();

            assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(201));
            Set<String> ids = answers.stream().map(a -> a.json().at("/message/_id").asText()).collect(Collectors.toSet());
            assertThat(ids).hasSize(40);
            for (int i = 0; i < 40; i++) {
                assertThat(answers.get(i).json().at("/message/message").asText()).isEqualTo("together " + i);
            }
            long transactions = count("SELECT count(DISTINCT xmin::text) FROM messages WHERE template LIKE 'together %'");
            assertThat(transactions).as("40 accepts in fewer transactions").isLessThan(40);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A first try inserts its new leads as new rows (ADR 35). Another node creates the same recipient's lead meanwhile:
     * its COMMIT is held at the gate, so this node's insert waits on the unique key and is refused once it commits; the
     * batch runs again skipping stored rows, and the message goes to that lead.
     */
    @Test
    void aLeadAnotherNodeCreatesAtTheSameTime_isRefusedToTheFirstTry_andTheMessageGoesToThatLead() throws Exception {
        Map<String, String> env = TestConfigs.env(db, "TUCO_DEMO", "false", "TUCO_DISPATCH_ENABLED", "false");
        try (Tuco other = Tuco.open(Config.from(env), Clock.systemUTC())) {
            TestHttp otherHttp = new TestHttp(other.startHttp().port());
            String raw = "{\"message\": \"%s\", \"messageType\": \"sms\", \"recipientPhone\": \"+12025550177\"}";
            gate.holdNext();
            CompletableFuture<TestHttp.Response> first = CompletableFuture.supplyAsync(() -> post(raw.formatted("held lead")));
            assertThat(gate.awaitCaught(10)).as("the first node's COMMIT reached the gate").isTrue();

            CompletableFuture<TestHttp.Response> second = CompletableFuture.supplyAsync(() ->
                    otherHttp.post("/api/messages", raw.formatted("raced lead"), "Authorization", "Bearer " + key));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(count("""
                    SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                    AND query LIKE '%INSERT INTO leads%'""")).as("the other node's lead insert waits").isEqualTo(1));
            gate.release();

            TestHttp.Response a = first.get(10, TimeUnit.SECONDS);
            TestHttp.Response b = second.get(10, TimeUnit.SECONDS);
            assertThat(a.status()).isEqualTo(201);
            assertThat(b.status()).as(b.body()).isEqualTo(201);
            assertThat(count("SELECT count(*) FROM leads WHERE phone = '+12025550177'")).isEqualTo(1);
            assertThat(count("SELECT count(DISTINCT lead_id) FROM messages WHERE recipient_phone = '+12025550177'")).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM messages WHERE template IN ('held lead', 'raced lead')")).isEqualTo(2);
        }
    }

    @Test
    void twoRequestsWithOneKey_atOnce_makeOneMessage() throws Exception {
        List<CompletableFuture<TestHttp.Response>> calls = IntStream.range(0, 2)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> post(body("same key at once"), "Idempotency-Key", "k-once")))
                .toList();
        List<TestHttp.Response> answers = calls.stream().map(CompletableFuture::join).toList();

        assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(201));
        assertThat(answers.get(0).body()).isEqualTo(answers.get(1).body());
        assertThat(count("SELECT count(*) FROM messages WHERE template = 'same key at once'")).isEqualTo(1);
    }
}
