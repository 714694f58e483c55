package ai.tuco.adapters.persistence.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/** Builds the HikariCP pool; accepts JDBC URLs and {@code postgres://user:pass@host:port/db} URLs. */
public final class PostgresDataSources {
    private PostgresDataSources() {}

    /** A JDBC URL and the credentials it needs, after reading a {@code postgres://} URL if that was given. */
    public record Target(String jdbcUrl, Optional<String> user, Optional<String> password) {}

    /** @throws IllegalArgumentException naming what is wrong with {@code url} */
    public static Target parse(String url, Optional<String> user, Optional<String> password) {
        if (url.startsWith("jdbc:postgresql://")) {
            return new Target(url, user, password);
        }
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            try {
                URI uri = new URI(url);
                if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
                    throw new IllegalArgumentException("expected postgres://user:password@host:port/database");
                }
                Optional<String> u = user;
                Optional<String> p = password;
                if (uri.getUserInfo() != null) {
                    String[] parts = uri.getUserInfo().split(":", 2);
                    u = u.or(() -> Optional.of(parts[0]));
                    if (parts.length == 2) {
                        p = p.or(() -> Optional.of(parts[1]));
                    }
                }
                int port = uri.getPort() == -1 ? 5432 : uri.getPort();
                String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
                return new Target("jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query, u, p);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a valid URL: " + e.getReason());
            }
        }
        throw new IllegalArgumentException("expected jdbc:postgresql://host:port/database or postgres://user:password@host:port/database");
    }

    /**
     * Opens a pool and proves one connection works.
     *
     * @throws IllegalStateException with a one-line reason when the database cannot be reached
     */
    public static HikariDataSource open(Target target, int poolSize, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.jdbcUrl());
        target.user().ifPresent(config::setUsername);
        target.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setPoolName(poolName);
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(5_000);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "tuco");
        config.addDataSourceProperty("connectTimeout", "5");
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalStateException("cannot connect to " + target.jdbcUrl() + ": " + root.getMessage(), e);
        }
    }
}
