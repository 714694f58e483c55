package ai.tuco.adapters.persistence.postgres;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Brings a database's schema up to date with the Flyway migrations in {@code db/migration}. */
public final class Migrations {
    private Migrations() {}

    /** @return the number of migrations applied */
    public static int migrate(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .loggers("slf4j")
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
