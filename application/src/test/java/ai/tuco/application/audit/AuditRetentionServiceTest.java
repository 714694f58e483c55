package ai.tuco.application.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.audit.port.out.AuditLogRetention;
import ai.tuco.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditRetentionServiceTest {
    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    /** Holds row times; deletes the oldest first, at most the batch asked, and records each call's cutoff. */
    static final class FakeRetention implements AuditLogRetention {
        final List<Instant> rows = new ArrayList<>();
        final List<Instant> cutoffs = new ArrayList<>();

        @Override
        public int purgeBefore(Instant cutoff, int maxRows) {
            cutoffs.add(cutoff);
            List<Instant> old = rows.stream().filter(at -> at.isBefore(cutoff)).sorted().limit(maxRows).toList();
            old.forEach(rows::remove);
            return old.size();
        }
    }

    private final FakeRetention retention = new FakeRetention();
    private final MutableClock clock = new MutableClock(NOW);

    @Test
    void rowsOlderThanTheRetention_purge_deletesThemInBatches_andKeepsTheRest() {
        for (int day = 0; day < 10; day++) {
            retention.rows.add(NOW.minus(Duration.ofDays(day)).minusSeconds(1));
        }
        var service = new AuditRetentionService(retention, clock, 2);

        long purged = service.purgeOlderThan(Duration.ofDays(5));

        assertThat(purged).isEqualTo(5); // days 5 to 9, each a second past 5 days old or older
        assertThat(retention.rows).allSatisfy(at -> assertThat(at).isAfterOrEqualTo(NOW.minus(Duration.ofDays(5))));
        assertThat(retention.cutoffs).hasSize(3).containsOnly(NOW.minus(Duration.ofDays(5)));
    }

    @Test
    void nothingOld_purge_asksOnce_andDeletesNothing() {
        retention.rows.add(NOW);

        assertThat(new AuditRetentionService(retention, clock).purgeOlderThan(Duration.ofDays(1))).isZero();
        assertThat(retention.cutoffs).containsExactly(NOW.minus(Duration.ofDays(1)));
        assertThat(retention.rows).containsExactly(NOW);
    }

    @Test
    void aRetentionThatIsNotPositive_purge_isRefused() {
        var service = new AuditRetentionService(retention, clock);
        assertThatThrownBy(() -> service.purgeOlderThan(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service.purgeOlderThan(Duration.ofDays(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(retention.cutoffs).isEmpty();
    }
}
