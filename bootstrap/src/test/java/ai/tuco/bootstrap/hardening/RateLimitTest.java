package ai.tuco.bootstrap.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.workspace.port.in.CreateWorkspaceUseCase;
import ai.tuco.bootstrap.Config;
import ai.tuco.bootstrap.TestConfigs;
import ai.tuco.bootstrap.TestHttp;
import ai.tuco.bootstrap.Tuco;
import ai.tuco.domain.shared.Actor;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-workspace token buckets: headers on every answer, 429 with Retry-After past the limit. */
class RateLimitTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static Tuco tuco;
    static TestHttp http;

    @BeforeAll
    static void start() {
        tuco = Tuco.open(Config.from(TestConfigs.env(db, "TUCO_RATE_LIMIT_PER_MINUTE", "5", "TUCO_DISPATCH_ENABLED", "false")),
                Clock.systemUTC());
        http = new TestHttp(tuco.startHttp().port());
    }

    @AfterAll
    static void stop() {
        tuco.close();
    }

    private static String newWorkspaceKey(String name) {
        return tuco.get(CreateWorkspaceUseCase.class)
                .create(new CreateWorkspaceUseCase.CreateWorkspaceCommand(name, "US", Optional.empty(), Actor.cli())).apiKey();
    }

    @Test
    void pastTheLimit_answers429WithRetryAfter_andOtherWorkspacesAreUnaffected() {
        String key = newWorkspaceKey("Busy");
        for (int i = 0; i < 5; i++) {
            var r = http.get("/api/messages", "Authorization", "Bearer " + key);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("RateLimit-Limit")).isEqualTo("5");
            assertThat(Long.parseLong(r.header("RateLimit-Remaining"))).isBetween(0L, 4L);
            assertThat(Long.parseLong(r.header("RateLimit-Reset"))).isBetween(0L, 60L);
        }
        var refused = http.get("/api/messages", "Authorization", "Bearer " + key);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");

        var other = http.get("/api/messages", "Authorization", "Bearer " + newWorkspaceKey("Quiet"));
        assertThat(other.status()).isEqualTo(200);
    }

    @Test
    void unauthenticatedRequests_doNotSpendAWorkspacesTokens() {
        String key = newWorkspaceKey("Guarded");
        for (int i = 0; i < 20; i++) {
            assertThat(http.get("/api/messages", "Authorization", "Bearer tuco_sk_wrong").status()).isEqualTo(401);
        }
        assertThat(http.get("/api/messages", "Authorization", "Bearer " + key).status()).isEqualTo(200);
    }
}
