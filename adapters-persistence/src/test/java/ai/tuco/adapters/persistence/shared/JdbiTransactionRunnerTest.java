package ai.tuco.adapters.persistence.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.shared.port.out.InstanceFlags;
import ai.tuco.application.shared.port.out.TransactionRunner;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The TransactionRunner port's contract on PostgreSQL: repository calls inside join the one transaction. */
class JdbiTransactionRunnerTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private final TransactionRunner tx = new JdbiTransactionRunner(db.jdbi());
    private final InstanceFlags flags = new JdbiInstanceFlags(db.jdbi());

    /** Reads through a Jdbi of its own: what other connections see (the test's Jdbi would join the transaction). */
    private final Jdbi outside = Jdbi.create(db.dataSource());

    private long flag(String name) {
        return outside.withHandle(h -> h.createQuery("SELECT count(*) FROM instance_flags WHERE flag = :f")
                .bind("f", name).mapTo(Long.class).one());
    }

    @Test
    void work_inTransaction_commitsAndReturnsItsResult() {
        Boolean set = tx.inTransaction(() -> flags.setOnce("committed"));

        assertThat(set).isTrue();
        assertThat(flag("committed")).isEqualTo(1);
    }

    @Test
    void aRepositoryCallInside_rollsBackWithTheTransaction() {
        assertThatThrownBy(() -> tx.run(() -> {
            flags.setOnce("rolled_back");
            throw new IllegalStateException("abort");
        })).isInstanceOf(IllegalStateException.class).hasMessage("abort");

        assertThat(flag("rolled_back")).isZero();
    }

    @Test
    void aRepositoryCallInside_seesTheTransactionsOwnUncommittedWrites() {
        tx.run(() -> {
            flags.setOnce("seen");
            assertThat(flags.setOnce("seen")).isFalse();
            assertThat(flag("seen")).as("seen by other connections").isZero();
        });
        assertThat(flag("seen")).isEqualTo(1);
    }

    @Test
    void aNestedTransaction_joinsTheOuterOne_andRollsBackWithIt() {
        assertThatThrownBy(() -> tx.run(() -> {
            tx.run(() -> flags.setOnce("nested"));
            assertThat(flag("nested")).as("not committed by the inner call").isZero();
            throw new IllegalStateException("outer abort");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(flag("nested")).isZero();
    }
}
