package ai.tuco.adapters.persistence.callback;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.postgres.TestRows;
import ai.tuco.application.callback.port.out.PollLeases.Claimed;
import ai.tuco.domain.shared.LineId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Poll leases on PostgreSQL: one claimer per (provider, line) per interval however many ask, cursors kept per line. */
class JdbiPollLeasesTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private final TestRows rows = new TestRows(db);
    private final JdbiPollLeases leases = new JdbiPollLeases(db.jdbi());

    /** A fresh provider name per test, so tests do not see each other's lines. */
    private String providerWithLines(int n, List<String> ids) {
        String provider = "twilio";
        String ws = rows.workspace();
        db.exec("UPDATE lines SET is_active = false WHERE provider = 'twilio'");
        for (int i = 0; i < n; i++) {
            String id = rows.line(ws);
            db.exec("UPDATE lines SET provider = 'twilio' WHERE id = ?", id);
            ids.add(id);
        }
        return provider;
    }

    @Test
    void activeLines_areClaimedOncePerInterval_andCursorsComeBack() {
        List<String> ids = new ArrayList<>();
        String p = providerWithLines(3, ids);
        db.exec("UPDATE lines SET is_active = false WHERE id = ?", ids.get(2));

        List<Claimed> first = leases.claimDue(p, T0, MINUTE, 10);
        assertThat(first).extracting(c -> c.line().value()).containsExactlyInAnyOrder(ids.get(0), ids.get(1));
        assertThat(first).allSatisfy(c -> assertThat(c.cursor()).isEmpty());
        leases.saveCursor(p, new LineId(ids.get(0)), "cursor-1");

        assertThat(leases.claimDue(p, T0.plusSeconds(59), MINUTE, 10)).as("within the interval").isEmpty();
        List<Claimed> next = leases.claimDue(p, T0.plusSeconds(60), MINUTE, 10);
        assertThat(next).extracting(c -> c.line().value()).containsExactlyInAnyOrder(ids.get(0), ids.get(1));
        assertThat(next).filteredOn(c -> c.line().value().equals(ids.get(0))).extracting(Claimed::cursor)
                .containsExactly(Optional.of("cursor-1"));
        assertThat(leases.claimDue("bluebubbles", T0.plusSeconds(60), MINUTE, 10)).as("another provider's lines")
                .noneMatch(c -> ids.contains(c.line().value()));

        leases.dueNow(p, T0.plusSeconds(61));
        assertThat(leases.claimDue(p, T0.plusSeconds(61), MINUTE, 10)).as("due again right after a start").hasSize(2);
    }

    @Test
    void manyNodesClaimingAtOnce_neverClaimALineTwiceInAnInterval() throws Exception {
        List<String> ids = new ArrayList<>();
        String p = providerWithLines(30, ids);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<List<Claimed>>> nodes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                nodes.add(() -> {
                    List<Claimed> mine = new ArrayList<>();
                    for (int round = 0; round < 10; round++) {
                        mine.addAll(leases.claimDue(p, T0, MINUTE, 4));
                    }
                    return mine;
                });
            }
            List<String> claimed = new ArrayList<>();
            for (Future<List<Claimed>> f : pool.invokeAll(nodes)) {
                f.get().forEach(c -> claimed.add(c.line().value()));
            }
            Set<String> distinct = new HashSet<>(claimed);
            assertThat(claimed).as("no line twice").hasSize(distinct.size());
            assertThat(distinct).containsExactlyInAnyOrderElementsOf(ids);
        } finally {
            pool.shutdownNow();
        }
    }
}
