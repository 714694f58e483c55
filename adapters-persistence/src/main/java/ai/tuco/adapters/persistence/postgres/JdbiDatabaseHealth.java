package ai.tuco.adapters.persistence.postgres;

import ai.tuco.application.shared.port.out.DatabaseHealth;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** The database is healthy when a pooled connection answers a validity check within a second. */
public final class JdbiDatabaseHealth implements DatabaseHealth {
    private final DataSource dataSource;

    public JdbiDatabaseHealth(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<String> problem() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(1) ? Optional.empty() : Optional.of("database did not answer");
        } catch (SQLException e) {
            return Optional.of("database unreachable");
        }
    }
}
