package ai.tuco.adapters.persistence.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.domain.shared.WorkspaceId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbiIdempotencyRepositoryTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final Instant EXPIRES = NOW.plus(Duration.ofHours(24));
    static final byte[] A = bytes("request a");
    static final byte[] B = bytes("request b");
    static final AtomicInteger IDS = new AtomicInteger();

    final JdbiIdempotencyRepository records = new JdbiIdempotencyRepository(db.jdbi());
    final WorkspaceId ws = new WorkspaceId(String.format("%024x", IDS.incrementAndGet()));
    final WorkspaceId other = new WorkspaceId(String.format("%024x", IDS.incrementAndGet()));

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void claim_winsOncePerWorkspaceAndKey() {
        assertThat(records.claim(ws, "k", A, NOW, EXPIRES)).isTrue();
        assertThat(records.claim(ws, "k", A, NOW, EXPIRES)).isFalse();
        assertThat(records.claim(other, "k", B, NOW, EXPIRES)).as("another workspace's key").isTrue();
        assertThat(records.claim(ws, "k2", A, NOW, EXPIRES)).isTrue();
    }

    @Test
    void claimAll_claimsTheNewKeysOnly_andCompleteAllStoresTheirAnswers() {
        records.claim(ws, "held", A, NOW, EXPIRES);

        var claimed = records.claimAll(ws, Map.of("new-1", A, "held", A, "new-2", B), NOW, EXPIRES);
        records.completeAll(ws, Map.of("new-1", bytes("one"), "new-2", bytes("two")), 201);

        assertThat(claimed).containsExactlyInAnyOrder("new-1", "new-2");
        var one = records.find(ws, "new-1").orElseThrow();
        assertThat(one.done()).isTrue();
        assertThat(one.status()).isEqualTo(201);
        assertThat(one.body()).isEqualTo(bytes("one"));
        assertThat(one.requestSha256()).isEqualTo(A);
        assertThat(records.find(ws, "new-2").orElseThrow().requestSha256()).isEqualTo(B);
        assertThat(records.find(ws, "held").orElseThrow().done()).as("another request's key is left alone").isFalse();
    }

    @Test
    void claimAll_waitsForATransactionHoldingTheKey_thenFindsItTaken() throws Exception {
        try (var holder = db.jdbi().open()) {
            holder.begin();
            holder.createUpdate("""
                    INSERT INTO idempotency_keys (workspace_id, key, request_sha256, state, locked_at, expires_at)
                    VALUES (:w, 'k', '\\x00', 'done', now(), now() + interval '1 day')""").bind("w", ws.value()).execute();
            var claim = java.util.concurrent.CompletableFuture.supplyAsync(() -> records.claimAll(ws, Map.of("k", A), NOW, EXPIRES));
            // the claim's backend is seen waiting for the holder's row lock
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> db.count("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO idempotency_keys%'""") == 1);
            assertThat(claim).as("waits for the holder's commit").isNotDone();
            holder.commit();
            assertThat(claim.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void find_readsTheRunningThenTheCompletedRecord_ofItsWorkspaceOnly() {
        records.claim(ws, "k", A, NOW, EXPIRES);
        var running = records.find(ws, "k").orElseThrow();
        assertThat(running.done()).isFalse();
        assertThat(running.requestSha256()).isEqualTo(A);
        assertThat(running.expiresAt()).isEqualTo(EXPIRES);

        records.complete(ws, "k", 201, bytes("{\"ok\":true}"));

        var done = records.find(ws, "k").orElseThrow();
        assertThat(done.done()).isTrue();
        assertThat(done.status()).isEqualTo(201);
        assertThat(done.body()).isEqualTo(bytes("{\"ok\":true}"));
        assertThat(records.find(other, "k")).isEmpty();
        assertThat(records.find(ws, "missing")).isEmpty();
    }

    @Test
    void takeOver_ofARecentlyLockedRunningKey_fails_butOfAStaleOneSucceeds() {
        records.claim(ws, "k", A, NOW, EXPIRES);
        Instant later = NOW.plusSeconds(60);

        assertThat(records.takeOver(ws, "k", B, NOW.minusSeconds(1), later, later.plus(Duration.ofHours(24)))).isFalse();
        assertThat(records.find(ws, "k").orElseThrow().requestSha256()).isEqualTo(A);

        assertThat(records.takeOver(ws, "k", B, NOW.plusSeconds(1), later, later.plus(Duration.ofHours(24)))).isTrue();
        var taken = records.find(ws, "k").orElseThrow();
        assertThat(taken.requestSha256()).isEqualTo(B);
        assertThat(taken.done()).isFalse();
        assertThat(taken.expiresAt()).isEqualTo(later.plus(Duration.ofHours(24)));
    }

    @Test
    void takeOver_ofACompletedKey_onlyOnceItExpired_andThenForgetsTheOldAnswer() {
        records.claim(ws, "k", A, NOW, EXPIRES);
        records.complete(ws, "k", 200, bytes("old"));

        assertThat(records.takeOver(ws, "k", B, NOW.plusSeconds(600), NOW.plusSeconds(700), EXPIRES)).as("done, not expired").isFalse();
        Instant afterExpiry = EXPIRES.plusSeconds(1);
        assertThat(records.takeOver(ws, "k", B, afterExpiry.minusSeconds(120), afterExpiry, afterExpiry.plus(Duration.ofHours(24))))
                .isTrue();
        var taken = records.find(ws, "k").orElseThrow();
        assertThat(taken.done()).isFalse();
        assertThat(taken.body()).isNull();
        assertThat(records.takeOver(other, "k", B, afterExpiry, afterExpiry, EXPIRES)).as("no such record").isFalse();
    }

    @Test
    void delete_forgetsTheKeyOfThatWorkspaceOnly() {
        records.claim(ws, "k", A, NOW, EXPIRES);
        records.claim(other, "k", A, NOW, EXPIRES);

        records.delete(ws, "k");

        assertThat(records.find(ws, "k")).isEmpty();
        assertThat(records.find(other, "k")).isPresent();
        assertThat(records.claim(ws, "k", B, NOW, EXPIRES)).isTrue();
    }

    @Test
    void deleteExpired_removesOnlyRecordsPastTheirExpiry() {
        records.claim(ws, "old", A, NOW, NOW.plusSeconds(10));
        records.claim(ws, "young", A, NOW, NOW.plusSeconds(1000));

        assertThat(records.deleteExpired(NOW.plusSeconds(11))).isEqualTo(1);
        assertThat(records.find(ws, "old")).isEmpty();
        assertThat(records.find(ws, "young")).isPresent();
    }
}
