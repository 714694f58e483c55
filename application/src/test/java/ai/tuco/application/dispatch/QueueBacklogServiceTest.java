package ai.tuco.application.dispatch;

import static ai.tuco.application.testing.TestData.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.dispatch.port.in.QueueBacklogQuery.Backlog;
import ai.tuco.application.dispatch.port.out.QueueBacklog;
import ai.tuco.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QueueBacklogServiceTest {
    final MutableClock clock = new MutableClock(NOW);
    final AtomicLong nanos = new AtomicLong(1_000);
    final List<Instant> reads = new ArrayList<>();
    QueueBacklog.Counts counts = new QueueBacklog.Counts(3, 2, 1, Optional.of(NOW.minusSeconds(42)));
    final QueueBacklog queue = now -> {
        reads.add(now);
        return counts;
    };
    final QueueBacklogService service = new QueueBacklogService(queue, clock, Duration.ofSeconds(5), nanos::get);

    @Test
    void backlog_isReadAtTheServicesClock_withTheOldestDueMessagesAge() {
        assertThat(service.backlog()).isEqualTo(new Backlog(3, 2, 1, Duration.ofSeconds(42)));
        assertThat(reads).containsExactly(NOW);
    }

    @Test
    void askedAgainWithinTheCachePeriod_theDatabaseIsNotAskedAgain_evenIfTheClockJumps() {
        service.backlog();
        counts = new QueueBacklog.Counts(0, 0, 0, Optional.empty());
        nanos.addAndGet(Duration.ofMillis(4_999).toNanos());
        clock.advance(Duration.ofHours(1));

        assertThat(service.backlog().due()).isEqualTo(3);
        assertThat(reads).hasSize(1);

        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(service.backlog()).isEqualTo(new Backlog(0, 0, 0, Duration.ZERO));
        assertThat(reads).hasSize(2);
    }

    @Test
    void aDueTimeAheadOfTheClock_givesAZeroAge_notANegativeOne() {
        counts = new QueueBacklog.Counts(1, 0, 0, Optional.of(NOW.plusSeconds(1)));
        assertThat(service.backlog().oldestDueAge()).isEqualTo(Duration.ZERO);
    }
}
