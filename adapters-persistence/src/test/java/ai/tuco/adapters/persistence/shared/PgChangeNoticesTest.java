package ai.tuco.adapters.persistence.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.shared.port.out.ChangeNotices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** The ChangeNotices port's contract on PostgreSQL: other nodes hear of a change, and this node acts, only on commit. */
class PgChangeNoticesTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private final AtomicInteger clearedHere = new AtomicInteger();
    private final ChangeNotices notices = new PgChangeNotices(db.jdbi(), clearedHere::incrementAndGet);
    private Connection listener;

    @BeforeEach
    void listen() throws Exception {
        listener = DriverManager.getConnection(db.jdbcUrl(), db.user().orElse(null), db.password().orElse(null));
        try (Statement st = listener.createStatement()) {
            st.execute("LISTEN " + PgChangeNotices.CHANNEL);
        }
    }

    @AfterEach
    void close() throws Exception {
        listener.close();
    }

    private List<String> heard(int waitMillis) throws Exception {
        PGNotification[] got = listener.unwrap(PGConnection.class).getNotifications(waitMillis);
        return got == null ? List.of() : Arrays.stream(got).map(PGNotification::getName).toList();
    }

    @Test
    void announceInACommittedTransaction_reachesListeners_andRunsTheLocalHookAfterTheCommit() throws Exception {
        db.jdbi().useTransaction(tx -> {
            notices.announce();
            assertThat(clearedHere).as("before the commit").hasValue(0);
        });

        assertThat(clearedHere).hasValue(1);
        assertThat(heard(5000)).containsExactly(PgChangeNotices.CHANNEL);
    }

    @Test
    void announceInATransactionThatRollsBack_reachesNobody() throws Exception {
        assertThatThrownBy(() -> db.jdbi().useTransaction(tx -> {
            notices.announce();
            throw new IllegalStateException("abort");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(clearedHere).hasValue(0);
        assertThat(heard(500)).isEmpty();
    }

    @Test
    void announceOutsideATransaction_isRefused_beforeAnyoneHearsIt() throws Exception {
        assertThatThrownBy(notices::announce).isInstanceOf(IllegalStateException.class);

        assertThat(heard(500)).isEmpty();
        assertThat(clearedHere).hasValue(0);
    }
}
