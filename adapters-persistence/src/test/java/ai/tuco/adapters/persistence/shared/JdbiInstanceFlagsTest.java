package ai.tuco.adapters.persistence.shared;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.shared.port.out.InstanceFlags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The InstanceFlags port's contract on PostgreSQL: the first caller to set a flag wins, once, across connections. */
class JdbiInstanceFlagsTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private final InstanceFlags flags = new JdbiInstanceFlags(db.jdbi());

    @Test
    void aNewFlag_setOnce_isTrueTheFirstTimeOnly() {
        assertThat(flags.setOnce("demo_seeded")).isTrue();
        assertThat(flags.setOnce("demo_seeded")).isFalse();
        assertThat(db.count("SELECT count(*) FROM instance_flags WHERE flag = 'demo_seeded'")).isEqualTo(1);
    }

    @Test
    void flags_areIndependent() {
        assertThat(flags.setOnce("flag_a")).isTrue();
        assertThat(flags.setOnce("flag_b")).isTrue();
    }

    @Test
    void concurrentCallers_setOnce_exactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            Callable<Boolean> set = () -> new JdbiInstanceFlags(db.jdbi()).setOnce("raced");
            for (int i = 0; i < 12; i++) {
                results.add(pool.submit(set));
            }
            int winners = 0;
            for (Future<Boolean> f : results) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
