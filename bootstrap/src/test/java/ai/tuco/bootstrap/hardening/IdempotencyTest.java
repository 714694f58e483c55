package ai.tuco.bootstrap.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.demo.port.in.SeedDemoUseCase;
import ai.tuco.application.idempotency.port.in.IdempotencyUseCase;
import ai.tuco.application.workspace.port.in.CreateWorkspaceUseCase;
import ai.tuco.bootstrap.Config;
import ai.tuco.bootstrap.TestConfigs;
import ai.tuco.bootstrap.TestHttp;
import ai.tuco.bootstrap.Tuco;
import ai.tuco.domain.shared.Actor;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Idempotency-Key semantics over real HTTP against real PostgreSQL. */
class IdempotencyTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static Tuco tuco;
    static TestHttp http;
    static String key;

    @BeforeAll
    static void start() {
        tuco = Tuco.open(Config.from(TestConfigs.env(db, "TUCO_DEMO", "true", "TUCO_DISPATCH_ENABLED", "false")), Clock.systemUTC());
        key = tuco.seedDemoIfEnabled().orElseThrow().apiKey();
        http = new TestHttp(tuco.startHttp().port());
    }

    @AfterAll
    static void stop() {
        tuco.close();
    }

    private static String body(String text) {
        return "{\"message\": \"" + text + "\", \"leadId\": \"" + SeedDemoUseCase.DEMO_LEAD.value() + "\"}";
    }

    private static TestHttp.Response post(String body, String idempotencyKey, String apiKey) {
        return http.post("/api/messages", body, "Authorization", "Bearer " + apiKey, "Idempotency-Key", idempotencyKey);
    }

    private static long messages(String text) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM messages WHERE template = :t")
                .bind("t", text).mapTo(Long.class).one());
    }

    @Test
    void sameKeyAndBody_replaysTheFirstAnswerByteForByte() {
        var first = post(body("replay me"), "key-replay", key);
        var second = post(body("replay me"), "key-replay", key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(messages("replay me")).isEqualTo(1);
    }

    @Test
    void sameKeyDifferentBody_is422AndWritesNothing() {
        assertThat(post(body("first body"), "key-reused", key).status()).isEqualTo(201);
        var r = post(body("second body"), "key-reused", key);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(messages("second body")).isZero();
    }

    @Test
    void validationErrors_areReplayedToo() {
        String bad = "{\"message\": \"\", \"leadId\": \"" + SeedDemoUseCase.DEMO_LEAD.value() + "\"}";
        var first = post(bad, "key-400", key);
        var second = post(bad, "key-400", key);
        assertThat(first.status()).isEqualTo(400);
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.body()).isEqualTo(first.body());
    }

    @Test
    void fiftyIdenticalRequestsInParallel_makeOneMessageAndAllAnswersCarryItsId() throws Exception {
        var pool = Executors.newFixedThreadPool(50);
        try {
            List<CompletableFuture<TestHttp.Response>> calls = IntStream.range(0, 50)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> post(body("fifty at once"), "key-parallel", key), pool))
                    .toList();
            List<TestHttp.Response> answers = calls.stream().map(CompletableFuture::join).toList();
            assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(201));
            Set<String> ids = answers.stream().map(a -> a.json().at("/message/_id").asText()).collect(Collectors.toSet());
            assertThat(ids).hasSize(1);
            assertThat(messages("fifty at once")).isEqualTo(1);
            String stored = db.jdbi().withHandle(h -> h.createQuery("SELECT id FROM messages WHERE template = 'fifty at once'")
                    .mapTo(String.class).one());
            assertThat(ids).containsExactly(stored);
            assertThat(answers.stream().filter(a -> "true".equals(a.header("Idempotent-Replayed")))).hasSize(49);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keys_arePerWorkspace() {
        var other = tuco.get(CreateWorkspaceUseCase.class).create(new CreateWorkspaceUseCase.CreateWorkspaceCommand(
                "Other", "US", Optional.empty(), Actor.cli()));
        String lead = "{\"message\": \"per workspace\", \"recipientPhone\": \"+12025550199\"}";
        String lineBody = "{\"name\": \"L\", \"channels\": [\"imessage\"], \"provider\": \"sandbox\", \"phone\": \"+14155550111\"}";
        assertThat(http.post("/api/lines", lineBody, "Authorization", "Bearer " + other.apiKey()).status()).isEqualTo(201);
        assertThat(post(lead, "shared-key", key).status()).isEqualTo(201);
        var theirs = post(lead, "shared-key", other.apiKey());
        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.header("Idempotent-Replayed")).isNull();
        assertThat(messages("per workspace")).isEqualTo(2);
    }

    @Test
    void aKeyStillRunningPastTheWait_is409InProgress() {
        String workspace = db.jdbi().withHandle(h -> h.createQuery("SELECT workspace_id FROM api_keys LIMIT 1").mapTo(String.class).one());
        // the same request as the one below, held by a request that is "still running" on some node
        byte[] fingerprint = sha256("POST /api/messages\n" + body("never runs"));
        db.jdbi().useHandle(h -> h.execute("""
                INSERT INTO idempotency_keys (workspace_id, key, request_sha256, state, locked_at, expires_at)
                VALUES (?, 'key-running', ?, 'in_progress', now(), now() + interval '1 day')""", workspace, fingerprint));
        long started = System.nanoTime();
        var r = post(body("never runs"), "key-running", key);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("code").asText()).isEqualTo("IDEMPOTENCY_IN_PROGRESS");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).as("waited for the first request")
                .isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(4));
        assertThat(messages("never runs")).isZero();
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRepeatArrivingWhileTheFirstRuns_waitsAndGetsItsAnswer() throws Exception {
        String workspace = db.jdbi().withHandle(h -> h.createQuery("SELECT workspace_id FROM api_keys LIMIT 1").mapTo(String.class).one());
        byte[] fingerprint = sha256("POST /api/messages\n" + body("finished meanwhile"));
        db.jdbi().useHandle(h -> h.execute("""
                INSERT INTO idempotency_keys (workspace_id, key, request_sha256, state, locked_at, expires_at)
                VALUES (?, 'key-finishing', ?, 'in_progress', now(), now() + interval '1 day')""", workspace, fingerprint));
        // the stored answer below is a stand-in, not a real 201 body: this request is not held to the OpenAPI document
        TestHttp unchecked = TestHttp.unchecked(tuco.startHttp().port());
        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> unchecked.post("/api/messages",
                body("finished meanwhile"), "Authorization", "Bearer " + key, "Idempotency-Key", "key-finishing"));
        // the "first request" finishes while the repeat polls
        db.jdbi().useHandle(h -> h.execute("""
                UPDATE idempotency_keys SET state = 'done', response_status = 201, response_body = convert_to('{"first":true}', 'UTF8')
                WHERE key = 'key-finishing'"""));
        var r = waiting.get();
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body()).isEqualTo("{\"first\":true}");
        assertThat(r.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void anAcceptsAnswer_isStoredByTheTransactionThatWritesTheMessage() {
        // The old two-step path stored the answer after the message's commit: a node dying in between left the key
        // running and the retry made a second message. Now both commit together (ADR 22; the cut-commit case is in
        // GroupCommitTest): a 201 means the stored answer is there, byte for byte.
        var first = post(body("stored with the message"), "key-atomic", key);
        assertThat(first.status()).isEqualTo(201);
        var stored = db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT state, response_status, convert_from(response_body, 'UTF8') AS body FROM idempotency_keys
                        WHERE key = 'key-atomic'""").mapToMap().one());
        assertThat(stored).containsEntry("state", "done").containsEntry("response_status", 201).containsEntry("body", first.body());
        var retry = post(body("stored with the message"), "key-atomic", key);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(messages("stored with the message")).isEqualTo(1);
    }

    @Test
    void expiredRecords_arePurged() {
        String workspace = db.jdbi().withHandle(h -> h.createQuery("SELECT workspace_id FROM api_keys LIMIT 1").mapTo(String.class).one());
        db.jdbi().useHandle(h -> h.execute("""
                INSERT INTO idempotency_keys (workspace_id, key, request_sha256, state, response_status, response_body, locked_at, expires_at)
                VALUES (?, 'key-old', '\\x00', 'done', 201, '\\x7b7d', now() - interval '2 days', now() - interval '1 day')""", workspace));
        assertThat(tuco.get(IdempotencyUseCase.class).purgeExpired()).isGreaterThanOrEqualTo(1);
        long left = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM idempotency_keys WHERE key = 'key-old'")
                .mapTo(Long.class).one());
        assertThat(left).isZero();
    }

    @Test
    void anExpiredKey_runsAgain() {
        assertThat(post(body("expired key"), "key-expiring", key).status()).isEqualTo(201);
        db.jdbi().useHandle(h -> h.execute("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'key-expiring'"));
        var again = post(body("expired key"), "key-expiring", key);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isNull();
        assertThat(messages("expired key")).isEqualTo(2);
    }
}
