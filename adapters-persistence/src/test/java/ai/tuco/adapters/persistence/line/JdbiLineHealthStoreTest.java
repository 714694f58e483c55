package ai.tuco.adapters.persistence.line;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.postgres.TestRows;
import ai.tuco.domain.line.LineHealth;
import ai.tuco.domain.shared.LineId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Line health on PostgreSQL: results by line, periodic checks claimed by one node per line per interval, lines untouched. */
class JdbiLineHealthStoreTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");
    private static final Duration EVERY = Duration.ofMinutes(5);
    private final TestRows rows = new TestRows(db);
    private final JdbiLineHealthStore store = new JdbiLineHealthStore(db.jdbi());

    @Test
    void results_areStoredPerLine_andOverwritten_withoutTouchingTheLinesRow() {
        String ws = rows.workspace();
        LineId a = new LineId(rows.line(ws));
        LineId b = new LineId(rows.line(ws));
        LineId never = new LineId(rows.line(ws));
        long versionBefore = db.count("SELECT version FROM lines WHERE id = ?", a.value());

        store.record(a, LineHealth.unhealthy(T0, "The provider refused the credentials"));
        store.record(b, LineHealth.healthy(T0));
        store.record(a, LineHealth.healthy(T0.plusSeconds(300)));
        store.record(b, LineHealth.unhealthy(T0.plusSeconds(300), "The provider did not answer in time"));

        Map<LineId, LineHealth> found = store.find(List.of(a, b, never));
        assertThat(found).containsOnlyKeys(a, b);
        assertThat(found.get(a)).isEqualTo(LineHealth.healthy(T0.plusSeconds(300)));
        assertThat(found.get(b).status()).isEqualTo(LineHealth.Status.UNHEALTHY);
        assertThat(found.get(b).reason()).contains("The provider did not answer in time");
        assertThat(db.count("SELECT version FROM lines WHERE id = ?", a.value())).isEqualTo(versionBefore);
        assertThat(store.find(List.of())).isEmpty();
    }

    @Test
    void dueChecks_areClaimedByOneNodePerLinePerInterval_activeLinesOnly() throws Exception {
        db.exec("UPDATE lines SET is_active = false");
        String ws = rows.workspace();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(rows.line(ws));
        }
        String inactive = rows.line(ws);
        db.exec("UPDATE lines SET is_active = false WHERE id = ?", inactive);

        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<String> claimed = new ArrayList<>();
        try {
            List<Callable<List<LineId>>> nodes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                nodes.add(() -> {
                    List<LineId> mine = new ArrayList<>();
                    for (int round = 0; round < 6; round++) {
                        mine.addAll(store.claimDueChecks(T0, EVERY, 3));
                    }
                    return mine;
                });
            }
            for (Future<List<LineId>> f : pool.invokeAll(nodes)) {
                f.get().forEach(id -> claimed.add(id.value()));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(claimed).hasSize(new HashSet<>(claimed).size());
        assertThat(claimed).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(store.claimDueChecks(T0.plus(EVERY).minusSeconds(1), EVERY, 50)).isEmpty();
        assertThat(store.claimDueChecks(T0.plus(EVERY), EVERY, 50)).extracting(LineId::value)
                .containsExactlyInAnyOrderElementsOf(ids);
    }
}
