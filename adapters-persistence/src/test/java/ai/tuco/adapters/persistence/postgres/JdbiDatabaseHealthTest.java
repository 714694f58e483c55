package ai.tuco.adapters.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.shared.port.out.DatabaseHealth;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The DatabaseHealth port's contract: no problem while the database answers, a short reason when it cannot. */
class JdbiDatabaseHealthTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    @Test
    void aReachableDatabase_hasNoProblem() {
        DatabaseHealth health = new JdbiDatabaseHealth(db.dataSource());

        assertThat(health.problem()).isEmpty();
    }

    @Test
    void aDatabaseThatCannotBeReached_isUnreachable() {
        HikariDataSource closed = PostgresDataSources.open(
                new PostgresDataSources.Target(db.jdbcUrl(), db.user(), db.password()), 1, "health-test");
        closed.close();

        assertThat(new JdbiDatabaseHealth(closed).problem()).contains("database unreachable");
    }
}
