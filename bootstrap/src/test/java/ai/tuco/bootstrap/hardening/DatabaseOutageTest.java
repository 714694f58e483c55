package ai.tuco.bootstrap.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.workspace.port.in.CreateWorkspaceUseCase;
import ai.tuco.bootstrap.Config;
import ai.tuco.bootstrap.TestConfigs;
import ai.tuco.bootstrap.TestHttp;
import ai.tuco.bootstrap.Tuco;
import ai.tuco.domain.shared.Actor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database going away (connections cut, new ones refused) answers 503 {@code UNAVAILABLE} with Retry-After, not a
 * 500, on reads and writes alike, and the service recovers by itself when the database comes back.
 */
class DatabaseOutageTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static Tuco tuco;
    static TestHttp http;
    static String key;

    @BeforeAll
    static void start() {
        tuco = Tuco.open(Config.from(TestConfigs.env(db, "TUCO_DISPATCH_ENABLED", "false", "TUCO_READ_CACHE_MILLIS", "0")),
                Clock.systemUTC());
        http = new TestHttp(tuco.startHttp().port());
        key = tuco.get(CreateWorkspaceUseCase.class)
                .create(new CreateWorkspaceUseCase.CreateWorkspaceCommand("Outage", "US", Optional.empty(), Actor.cli())).apiKey();
    }

    @AfterAll
    static void stop() throws SQLException {
        allowConnections(true);
        tuco.close();
    }

    /** Refuses (or again allows) new connections to the test database, and cuts the ones open now. */
    private static void allowConnections(boolean allow) throws SQLException {
        try (Connection admin = db.adminConnection(); Statement st = admin.createStatement()) {
            st.execute("ALTER DATABASE \"" + db.databaseName() + "\" WITH ALLOW_CONNECTIONS " + allow);
            if (!allow) {
                try (PreparedStatement cut = admin.prepareStatement(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    cut.setString(1, db.databaseName());
                    cut.executeQuery().close();
                }
            }
        }
    }

    private static void assertUnavailable(TestHttp.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(503);
        assertThat(r.json().get("code").asText()).isEqualTo("UNAVAILABLE");
        assertThat(r.json().get("success").asBoolean()).isFalse();
        assertThat(r.header("Retry-After")).isEqualTo("1");
    }

    @Test
    void whileTheDatabaseIsGone_readsAndWritesAnswer503_thenWorkAgainWhenItIsBack() throws SQLException {
        String body = "{\"message\": \"Hi\", \"recipientPhone\": \"+13125550177\"}";
        assertThat(http.get("/api/messages", "Authorization", "Bearer " + key).status()).isEqualTo(200);

        allowConnections(false);
        try {
            assertUnavailable(http.get("/api/messages", "Authorization", "Bearer " + key));
            assertUnavailable(http.post("/api/messages", body, "Authorization", "Bearer " + key));
            assertThat(http.get("/health/ready").status()).isEqualTo(503);
            assertThat(http.get("/health/live").status()).isEqualTo(200);
        } finally {
            allowConnections(true);
        }

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> http.get("/api/messages", "Authorization", "Bearer " + key).status() == 200);
        assertThat(http.get("/health/ready").status()).isEqualTo(200);
    }
}
