package ai.tuco.bootstrap.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.bootstrap.Config;
import ai.tuco.bootstrap.Scrape;
import ai.tuco.bootstrap.TestConfigs;
import ai.tuco.bootstrap.TestHttp;
import ai.tuco.bootstrap.TestWorkspaces;
import ai.tuco.bootstrap.Tuco;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /metrics} over real HTTP: the token, request timings by route template with bounded labels, 429s and
 * idempotent replays counted, the JVM's and the connection pool's meters present.
 */
class MetricsEndpointTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static final String TOKEN = "metrics-token-for-tests";
    static final int RATE_LIMIT = 250;
    static final SecureRandom RANDOM = new SecureRandom();

    static Tuco tuco;
    static TestHttp http;
    static TestWorkspaces workspaces;

    @BeforeAll
    static void start() {
        tuco = Tuco.open(Config.from(TestConfigs.env(db, "TUCO_METRICS_TOKEN", TOKEN, "TUCO_DISPATCH_ENABLED", "false",
                "TUCO_RATE_LIMIT_PER_MINUTE", Integer.toString(RATE_LIMIT))), Clock.systemUTC());
        http = new TestHttp(tuco.startHttp().port());
        workspaces = new TestWorkspaces(tuco, Actor.cli());
    }

    @AfterAll
    static void stop() {
        tuco.close();
    }

    static Scrape scrape() {
        TestHttp.Response r = http.get("/metrics", "Authorization", "Bearer " + TOKEN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Scrape.parse(r.body());
    }

    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Test
    void withATokenConfigured_metricsWithoutIt_orWithAnotherOne_are401InTheApisErrorShape() {
        for (String[] headers : new String[][] {{}, {"Authorization", "Bearer wrong"}, {"Authorization", TOKEN},
                {"Authorization", "Bearer " + TOKEN + "x"}}) {
            TestHttp.Response r = http.get("/metrics", headers);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().get("success").asBoolean()).isFalse();
            assertThat(r.json().get("code").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(r.json().get("details").isArray()).isTrue();
            assertThat(r.body()).doesNotContain("tuco_");
        }
        TestHttp.Response ok = http.get("/metrics", "Authorization", "Bearer " + TOKEN);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).contains("tuco_messages_accepted_total");
    }

    @Test
    void requestsAreTimedByRouteTemplate_andUnknownIdsAndPathsAddNoSeries() {
        String key = workspaces.create().build().adminKey();
        String otherKey = workspaces.create().build().adminKey();
        // every kind of request once, so the series they make exist before the baseline
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/api/messages/" + hex(12), "Authorization", "Bearer " + key).status()).isEqualTo(404);
            assertThat(http.get("/api/" + hex(6) + "/" + hex(6), "Authorization", "Bearer " + otherKey).status()).isEqualTo(404);
            assertThat(http.get("/" + hex(8) + "/" + hex(4)).status()).isEqualTo(404);
            scrape();
        }
        Scrape baseline = scrape();
        long series = baseline.count("tuco_http_");
        assertThat(series).isPositive();
        assertThat(baseline.has("tuco_http_server_requests_seconds_count",
                "method", "GET", "route", "/api/messages/{id}", "status", "404")).isTrue();
        assertThat(baseline.has("tuco_http_server_requests_seconds_count", "route", "unmatched", "status", "404")).isTrue();
        double idRequests = baseline.value("tuco_http_server_requests_seconds_count", "route", "/api/messages/{id}");

        String oneId = null;
        for (int i = 0; i < 200; i++) {
            oneId = hex(12);
            assertThat(http.get("/api/messages/" + oneId, "Authorization", "Bearer " + key).status()).isEqualTo(404);
        }
        String onePath = null;
        for (int i = 0; i < 100; i++) {
            onePath = "/" + hex(8) + "/" + hex(4);
            assertThat(http.get(onePath).status()).isEqualTo(404);
            assertThat(http.get("/api/" + hex(6) + "/" + hex(6), "Authorization", "Bearer " + otherKey).status()).isEqualTo(404);
        }

        TestHttp.Response raw = http.get("/metrics", "Authorization", "Bearer " + TOKEN);
        Scrape after = Scrape.parse(raw.body());
        assertThat(after.count("tuco_http_")).as("tuco_http_* series").isEqualTo(series);
        assertThat(raw.body()).doesNotContain(oneId).doesNotContain(onePath);
        assertThat(after.value("tuco_http_server_requests_seconds_count", "route", "/api/messages/{id}") - idRequests)
                .isEqualTo(200);
    }

    @Test
    void refusalsByTheRateLimit_areCounted() {
        String key = workspaces.create().build().adminKey();
        double before = scrape().value("tuco_rate_limit_refusals_total");
        int refused = 0;
        for (int i = 0; i < RATE_LIMIT * 2 && refused < 3; i++) {
            if (http.get("/api/" + hex(4), "Authorization", "Bearer " + key).status() == 429) {
                refused++;
            }
        }
        assertThat(refused).isEqualTo(3);
        Scrape after = scrape();
        assertThat(after.value("tuco_rate_limit_refusals_total") - before).isEqualTo(3);
        assertThat(after.has("tuco_http_server_requests_seconds_count", "status", "429")).isTrue();
    }

    @Test
    void anIdempotentReplay_isCounted_andTheAcceptOnlyOnce() {
        var ws = workspaces.create().withLine(Channel.SMS).build();
        Scrape before = scrape();
        String body = "{\"message\":\"hi\",\"messageType\":\"sms\",\"recipientPhone\":\"+12025554001\"}";
        for (int i = 0; i < 2; i++) {
            assertThat(http.post("/api/messages", body, "Authorization", "Bearer " + ws.adminKey(),
                    "Idempotency-Key", "metrics-replay").status()).isEqualTo(201);
        }
        Scrape after = scrape();
        assertThat(after.value("tuco_idempotency_replays_total") - before.value("tuco_idempotency_replays_total")).isEqualTo(1);
        assertThat(after.value("tuco_messages_accepted_total", "channel", "sms")
                - before.value("tuco_messages_accepted_total", "channel", "sms")).isEqualTo(1);
        // one accepting transaction was written (the replay writes none), timed from its statement to its commit
        assertThat(after.value("tuco_accept_batch_commit_seconds_count")
                - before.value("tuco_accept_batch_commit_seconds_count")).isEqualTo(1);
        assertThat(after.value("tuco_accept_batch_commit_seconds_sum")
                - before.value("tuco_accept_batch_commit_seconds_sum")).isPositive();
        assertThat(after.has("tuco_accept_batch_commit_seconds_bucket", "le", "0.05")).isTrue();
    }

    @Test
    void jvmAndConnectionPoolMeters_arePublishedUnderTheTucoPrefix() {
        Scrape s = scrape();
        assertThat(s.has("tuco_jvm_memory_used_bytes")).isTrue();
        assertThat(s.has("tuco_jvm_threads_live_threads")).isTrue();
        assertThat(s.has("tuco_jvm_classes_loaded_classes")).isTrue();
        assertThat(s.has("tuco_process_uptime_seconds")).isTrue();
        assertThat(s.has("tuco_system_cpu_count")).isTrue();
        assertThat(s.has("tuco_hikaricp_connections_active", "pool", "tuco")).isTrue();
        assertThat(s.has("tuco_hikaricp_connections_pending", "pool", "tuco")).isTrue();
        assertThat(s.series().keySet()).allSatisfy(series -> assertThat(series).startsWith("tuco_"));
    }
}
