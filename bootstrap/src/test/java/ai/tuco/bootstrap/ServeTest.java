package ai.tuco.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.demo.port.in.SeedDemoUseCase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The running service against the test database, over real HTTP. */
class ServeTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static Tuco tuco;
    static TestHttp http;

    @BeforeAll
    static void start() {
        tuco = Tuco.open(Config.from(TestConfigs.env(db, "TUCO_DEMO", "true")), Clock.systemUTC());
        assertThat(tuco.seedDemoIfEnabled()).isPresent();
        http = new TestHttp(tuco.startHttp().port());
    }

    @AfterAll
    static void stop() {
        tuco.close();
    }

    @Test
    void live_answersOk() {
        var r = http.get("/health/live");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("ok");
    }

    @Test
    void ready_reportsTheDatabaseCheck() {
        var r = http.get("/health/ready");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("ok");
        assertThat(r.json().at("/checks/database").asText()).isEqualTo("ok");
    }

    @Test
    void unknownRoute_isTheNotFoundErrorBody() {
        var r = http.get("/no/such/route");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("success").asBoolean()).isFalse();
        assertThat(r.json().get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(r.json().get("details").isArray()).isTrue();
        assertThat(r.json().get("error").asText()).isNotBlank();
    }

    @Test
    void correlationId_isEchoedOrMade() {
        assertThat(http.get("/health/live", "x-correlation-id", "abc-123").header("x-correlation-id")).isEqualTo("abc-123");
        assertThat(http.get("/health/live").header("x-correlation-id")).matches("app_[0-9a-f]{24}");
    }

    @Test
    void demo_isSeededOnceWithThePagesIds() {
        // start() seeded it (TUCO_DEMO=true on an empty database); a second attempt finds data and does nothing
        assertThat(tuco.get(SeedDemoUseCase.class).seedIfEmpty()).isEmpty();
        var lines = db.jdbi().withHandle(h -> h.createQuery("SELECT id, provider FROM lines ORDER BY id").mapToMap().list());
        assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l.get("provider")).isEqualTo("sandbox"));
        assertThat(lines).anySatisfy(l -> assertThat(l.get("id")).isEqualTo("667f1f77bcf86cd799439011"));
        var lead = db.jdbi().withHandle(h -> h.createQuery("SELECT first_name, phone FROM leads WHERE id = '667f1f77bcf86cd799439012'")
                .mapToMap().one());
        assertThat(lead).containsEntry("first_name", "John").containsEntry("phone", "+12025551234");
        long workspaces = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM workspaces").mapTo(Long.class).one());
        assertThat(workspaces).isEqualTo(1);
    }

    @Test
    void ready_is503WhileTheDatabaseRefusesConnections_andRecovers() throws Exception {
        try (Connection c = db.adminConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER DATABASE " + db.databaseName() + " ALLOW_CONNECTIONS false");
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db.databaseName() + "'");
        }
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                var r = http.get("/health/ready");
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.json().get("status").asText()).isEqualTo("unavailable");
                assertThat(r.json().at("/checks/database").asText()).isNotEqualTo("ok");
            });
            assertThat(http.get("/health/live").status()).isEqualTo(200);
        } finally {
            try (Connection c = db.adminConnection(); Statement st = c.createStatement()) {
                st.execute("ALTER DATABASE " + db.databaseName() + " ALLOW_CONNECTIONS true");
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/health/ready").status() == 200);
        // the test's own pool lost its connections too: drop them, so later tests of this class get fresh ones
        db.dataSource().getHikariPoolMXBean().softEvictConnections();
    }
}
