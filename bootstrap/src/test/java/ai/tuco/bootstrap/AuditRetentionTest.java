package ai.tuco.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.audit.port.in.PurgeAuditLogUseCase;
import ai.tuco.application.idempotency.port.in.IdempotencyUseCase;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TUCO_AUDIT_RETENTION_DAYS end to end: the housekeeping job, wired as served, deletes only rows past the retention. */
class AuditRetentionTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static Tuco tuco;

    @BeforeAll
    static void start() {
        tuco = Tuco.open(Config.from(TestConfigs.env(db, "TUCO_DISPATCH_ENABLED", "false", "TUCO_AUDIT_RETENTION_DAYS", "30")),
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        tuco.close();
    }

    private static void row(String action, Duration age) {
        db.exec("INSERT INTO audit_log (workspace_id, actor_type, actor_id, action, at) VALUES (NULL, 'cli', 'cli', ?, ?)",
                action, Timestamp.from(Instant.now().minus(age)));
    }

    private static Housekeeping housekeeping(Optional<Duration> retention) {
        return new Housekeeping(tuco.get(IdempotencyUseCase.class), tuco.get(PurgeAuditLogUseCase.class), retention);
    }

    @Test
    void aConfiguredRetention_housekeeping_deletesOnlyOlderRows() {
        row("retention.old", Duration.ofDays(31));
        row("retention.older", Duration.ofDays(400));
        row("retention.recent", Duration.ofDays(29));

        long old = db.count("SELECT count(*) FROM audit_log WHERE at < now() - interval '30 days'");
        assertThat(old).isGreaterThanOrEqualTo(2);

        try (Housekeeping h = housekeeping(tuco.config().auditRetention())) {
            assertThat(h.purgeAuditLog()).isEqualTo(old);
        }

        assertThat(db.strings("SELECT action FROM audit_log WHERE action LIKE 'retention.%'")).containsExactly("retention.recent");
        assertThat(db.count("SELECT count(*) FROM audit_log WHERE at < now() - interval '30 days'")).isZero();
    }

    @Test
    void noRetention_housekeeping_keepsEverything() {
        row("forever.old", Duration.ofDays(4000));

        try (Housekeeping h = housekeeping(Optional.empty())) {
            assertThat(h.purgeAuditLog()).isZero();
        }

        assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'forever.old'")).isEqualTo(1);
    }
}
