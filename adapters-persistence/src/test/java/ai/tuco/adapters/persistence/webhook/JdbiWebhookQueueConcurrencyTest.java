package ai.tuco.adapters.persistence.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.postgres.TestRows;
import ai.tuco.adapters.persistence.shared.SecretBox;
import ai.tuco.application.webhook.port.out.WebhookQueue;
import ai.tuco.application.webhook.port.out.WebhookQueue.Claimed;
import ai.tuco.application.webhook.port.out.WebhookQueue.EndpointEffect;
import ai.tuco.application.webhook.port.out.WebhookQueue.Outcome;
import ai.tuco.domain.shared.WebhookId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.webhook.WebhookDelivery.Attempt;
import ai.tuco.domain.webhook.WebhookDelivery.Status;
import ai.tuco.domain.webhook.WebhookEndpoint;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The outbox claim under concurrency on real PostgreSQL: two claimers (two owners, as two nodes' workers would be)
 * racing on one outbox. Each race is run over seeded random claim sizes and hold times, so the interleavings differ
 * from seed to seed and a failure can be replayed.
 */
class JdbiWebhookQueueConcurrencyTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final int PER_ENDPOINT = 4;
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private final TestRows rows = new TestRows(db);
    private final SecretBox box = new SecretBox(new byte[32]);
    private final WebhookQueue queue = new JdbiWebhookQueue(db.jdbi(), box);
    private final JdbiWebhookEndpoints endpoints = new JdbiWebhookEndpoints(db.jdbi(), box);
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private String ws;

    @BeforeEach
    void emptyOutbox() {
        // a claim reads the whole outbox: each test starts from an empty one
        db.exec("DELETE FROM webhook_deliveries");
        ws = rows.workspace();
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private String endpoint() {
        String id = TestRows.newId();
        endpoints.insert(new WebhookEndpoint(new WebhookId(id), new WorkspaceId(ws), "https://receiver.example/" + id, "r",
                Optional.empty(), List.of("message.sent"), true, Optional.empty(), Optional.empty(), CREATED, CREATED),
                "whsec_" + "A".repeat(43) + "=");
        return id;
    }

    private String delivery(String endpoint, String message, int seq, Instant due) {
        String id = TestRows.newId();
        db.exec("""
                INSERT INTO webhook_deliveries (id, workspace_id, endpoint_id, message_id, seq, event, body, next_attempt_at,
                    created_at) VALUES (?, ?, ?, ?, ?, 'message.sent', '{}', ?, ?)""",
                id, ws, endpoint, message, seq, Timestamp.from(due), Timestamp.from(CREATED));
        return id;
    }

    private List<Claimed> claim(String owner, Instant now, int limit) {
        return queue.claim(owner, now, now.plus(LEASE), limit, PER_ENDPOINT, Set.of());
    }

    private static Outcome succeeded(Instant at) {
        return new Outcome(new Attempt(at, Optional.of(200), 50, Optional.of("ok"), Optional.empty(), Optional.empty()),
                Status.SUCCEEDED, Optional.empty(), EndpointEffect.HEALTHY, Optional.empty());
    }

    private static Outcome retryAt(Instant at, Instant next) {
        return new Outcome(new Attempt(at, Optional.of(503), 50, Optional.empty(), Optional.empty(), Optional.of(next)),
                Status.PENDING, Optional.of(next), EndpointEffect.FAILING, Optional.empty());
    }

    /**
     * Runs {@code worker} on two threads as owners "node-a" and "node-b", started together, each with its own seeded
     * random; rethrows what either threw.
     */
    private void race(long seed, BiConsumer<String, Random> worker) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<?>> running = new ArrayList<>();
        for (String owner : List.of("node-a", "node-b")) {
            Random random = new Random(seed * 31 + owner.hashCode());
            running.add(threads.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                worker.accept(owner, random);
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get(120, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13})
    void twoClaimers_neverHoldTheSameDelivery_andTogetherSendEachOnce(long seed) throws Exception {
        Instant now = Instant.now();
        List<String> eps = List.of(endpoint(), endpoint(), endpoint(), endpoint(), endpoint());
        Random setup = new Random(seed);
        int total = 150;
        for (int i = 0; i < total; i++) {
            delivery(eps.get(setup.nextInt(eps.size())), TestRows.newId(), 1, now.minusSeconds(setup.nextInt(60)));
        }
        Map<String, String> holder = new ConcurrentHashMap<>();
        List<String> doubleHeld = new CopyOnWriteArrayList<>();
        AtomicInteger claims = new AtomicInteger();

        race(seed, (owner, random) -> {
            List<Claimed> held = new ArrayList<>();
            int idle = 0;
            while (idle < 3) {
                List<Claimed> got = claim(owner, now, 1 + random.nextInt(8));
                claims.addAndGet(got.size());
                for (Claimed c : got) {
                    String other = holder.putIfAbsent(c.id().value(), owner);
                    if (other != null) {
                        doubleHeld.add(c.id().value() + " held by " + other + " and " + owner);
                    }
                    held.add(c);
                }
                idle = got.isEmpty() && held.isEmpty() ? idle + 1 : 0;
                // finish a random part of what this claimer holds, keep the rest across its next claim
                for (int n = random.nextInt(held.size() + 1); n > 0; n--) {
                    Claimed c = held.remove(random.nextInt(held.size()));
                    holder.remove(c.id().value());
                    assertThat(queue.record(c, succeeded(now))).isTrue();
                }
            }
        });

        assertThat(doubleHeld).isEmpty();
        assertThat(claims.get()).isEqualTo(total);
        assertThat(db.count("SELECT count(*) FROM webhook_deliveries WHERE status = 'succeeded' AND attempts = 1")).isEqualTo(total);
        assertThat(db.count("SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id"))
                .isEqualTo(total);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22, 23})
    void twoClaimers_togetherNeverHoldMoreThanThePerEndpointBound(long seed) throws Exception {
        Instant now = Instant.now();
        List<String> eps = List.of(endpoint(), endpoint());
        for (String e : eps) {
            for (int i = 0; i < 40; i++) {
                delivery(e, TestRows.newId(), 1, now.minusSeconds(i));
            }
        }
        // what both claimers hold, per endpoint: counted after a claim returns, uncounted before its outcome is written
        Map<String, AtomicInteger> held = new ConcurrentHashMap<>();
        eps.forEach(e -> held.put(e, new AtomicInteger()));
        Map<String, Integer> peak = new ConcurrentHashMap<>();
        List<String> overBound = new CopyOnWriteArrayList<>();

        race(seed, (owner, random) -> {
            List<Claimed> mine = new ArrayList<>();
            int idle = 0;
            while (idle < 3) {
                List<Claimed> got = claim(owner, now, 1 + random.nextInt(6));
                for (Claimed c : got) {
                    int n = held.get(c.endpointId().value()).incrementAndGet();
                    peak.merge(c.endpointId().value(), n, Math::max);
                    if (n > PER_ENDPOINT) {
                        overBound.add(c.endpointId().value() + ": " + n);
                    }
                    mine.add(c);
                }
                idle = got.isEmpty() && mine.isEmpty() ? idle + 1 : 0;
                for (int n = random.nextInt(mine.size() + 1); n > 0; n--) {
                    Claimed c = mine.remove(random.nextInt(mine.size()));
                    held.get(c.endpointId().value()).decrementAndGet();
                    assertThat(queue.record(c, succeeded(now))).isTrue();
                }
                long leased = db.count("SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM webhook_deliveries "
                        + "WHERE status = 'pending' AND lease_until >= ? GROUP BY endpoint_id) x", Timestamp.from(now));
                if (leased > PER_ENDPOINT) {
                    overBound.add("leased in the database: " + leased);
                }
            }
        });

        assertThat(overBound).isEmpty();
        // the bound was reached (so the test could have seen it broken), and everything went out
        assertThat(peak.values()).contains(PER_ENDPOINT);
        assertThat(db.count("SELECT count(*) FROM webhook_deliveries WHERE status <> 'succeeded'")).isZero();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {31, 32, 33})
    void perEndpointAndMessage_eventsGoOutInOrder_whileAnEarlierOneIsRetried_underTwoClaimers(long seed) throws Exception {
        Instant start = Instant.now();
        String e = endpoint();
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String m = TestRows.newId();
            messages.add(m);
            for (int seq = 1; seq <= 3; seq++) {
                delivery(e, m, seq, start.minusSeconds(10)); // every event of every message is due from the start
            }
        }
        List<String> outOfOrder = new CopyOnWriteArrayList<>();
        List<String> sent = new CopyOnWriteArrayList<>();
        AtomicInteger round = new AtomicInteger();

        race(seed, (owner, random) -> {
            int idle = 0;
            while (idle < 20) {
                // time moves on a little each round, so retries come due again
                Instant now = start.plusSeconds(round.incrementAndGet());
                List<Claimed> got = claim(owner, now, 1 + random.nextInt(4));
                idle = got.isEmpty() ? idle + 1 : 0;
                for (Claimed c : got) {
                    Map<String, Object> row = db.row("SELECT message_id, seq FROM webhook_deliveries WHERE id = ?", c.id().value());
                    String m = (String) row.get("message_id");
                    int seq = (Integer) row.get("seq");
                    sent.add(m + "#" + seq);
                    long earlierNotThrough = db.count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = ? "
                            + "AND message_id = ? AND seq < ? AND status <> 'succeeded'", e, m, seq);
                    if (earlierNotThrough > 0) {
                        outOfOrder.add(m + "#" + seq + " sent while " + earlierNotThrough + " earlier were not through");
                    }
                    // about half the attempts fail and are retried two rounds later
                    Outcome o = random.nextBoolean() ? succeeded(now) : retryAt(now, now.plusSeconds(2));
                    assertThat(queue.record(c, o)).isTrue();
                }
            }
        });

        assertThat(outOfOrder).isEmpty();
        assertThat(db.count("SELECT count(*) FROM webhook_deliveries WHERE status <> 'succeeded'")).isZero();
        // retries happened (an earlier event was pending while later ones were due), else the test proved nothing
        assertThat(db.count("SELECT count(*) FROM webhook_deliveries WHERE attempts > 1")).isPositive();
        for (String m : messages) {
            List<Integer> order = sent.stream().filter(s -> s.startsWith(m + "#"))
                    .map(s -> Integer.parseInt(s.substring(s.indexOf('#') + 1))).toList();
            assertThat(order).isSorted();
        }
    }

    @Test
    void anEarlierEventBeingRetried_holdsBackTheLaterOnes_untilItSucceeds() {
        Instant now = Instant.now();
        String e = endpoint();
        String m = TestRows.newId();
        String first = delivery(e, m, 1, now.minusSeconds(30));
        String second = delivery(e, m, 2, now.minusSeconds(20));

        List<Claimed> a = claim("node-a", now, 10);
        assertThat(a).extracting(c -> c.id().value()).containsExactly(first);
        assertThat(claim("node-b", now, 10)).isEmpty();
        assertThat(queue.record(a.get(0), retryAt(now, now.plusSeconds(300)))).isTrue();

        // the second is due, but the first is waiting for its retry: neither claimer may send the second
        assertThat(claim("node-b", now.plusSeconds(60), 10)).isEmpty();
        assertThat(claim("node-a", now.plusSeconds(60), 10)).isEmpty();

        List<Claimed> retried = claim("node-b", now.plusSeconds(301), 10);
        assertThat(retried).extracting(c -> c.id().value()).containsExactly(first);
        assertThat(queue.record(retried.get(0), succeeded(now.plusSeconds(301)))).isTrue();
        assertThat(claim("node-a", now.plusSeconds(302), 10)).extracting(c -> c.id().value()).containsExactly(second);
    }

    @Test
    void anExpiredLease_isClaimedAgain_andTheStaleOwnersOutcomeIsRefused() {
        Instant now = Instant.now();
        String e = endpoint();
        String d = delivery(e, TestRows.newId(), 1, now.minusSeconds(1));

        List<Claimed> stale = queue.claim("node-a", now, now.plusSeconds(60), 10, PER_ENDPOINT, Set.of());
        assertThat(stale).hasSize(1);
        // still leased: nobody else may take it
        assertThat(queue.claim("node-b", now.plusSeconds(59), now.plusSeconds(119), 10, PER_ENDPOINT, Set.of())).isEmpty();

        // node-a went quiet past its lease; node-b takes the delivery over
        Instant later = now.plusSeconds(61);
        List<Claimed> fresh = queue.claim("node-b", later, later.plusSeconds(60), 10, PER_ENDPOINT, Set.of());
        assertThat(fresh).extracting(c -> c.id().value()).containsExactly(d);
        assertThat(fresh.get(0).token()).isGreaterThan(stale.get(0).token());

        // node-a wakes up and writes its outcome: refused, nothing recorded
        assertThat(queue.record(stale.get(0), succeeded(later))).isFalse();
        assertThat(db.row("SELECT status, attempts, lease_owner FROM webhook_deliveries WHERE id = ?", d))
                .containsEntry("status", "pending").containsEntry("attempts", 0).containsEntry("lease_owner", "node-b");
        assertThat(db.count("SELECT count(*) FROM webhook_attempts WHERE delivery_id = ?", d)).isZero();

        // the same owner name claiming again after another expiry is fenced by the token too
        Instant muchLater = later.plusSeconds(61);
        List<Claimed> again = queue.claim("node-b", muchLater, muchLater.plusSeconds(60), 10, PER_ENDPOINT, Set.of());
        assertThat(again).hasSize(1);
        assertThat(queue.record(fresh.get(0), succeeded(muchLater))).isFalse();

        assertThat(queue.record(again.get(0), succeeded(muchLater))).isTrue();
        assertThat(db.row("SELECT status, attempts, lease_owner FROM webhook_deliveries WHERE id = ?", d))
                .containsEntry("status", "succeeded").containsEntry("attempts", 1).containsEntry("lease_owner", null);
        assertThat(db.count("SELECT count(*) FROM webhook_attempts WHERE delivery_id = ?", d)).isEqualTo(1);
    }
}
