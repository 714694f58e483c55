package ai.tuco.bootstrap;

import ai.tuco.adapters.persistence.postgres.EmbeddedDatabase;
import ai.tuco.adapters.persistence.postgres.Migrations;
import ai.tuco.adapters.persistence.postgres.PostgresDataSources;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The database the configuration names (or the embedded one), its pool, and the key for secrets at rest. */
final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final Optional<EmbeddedDatabase> embedded;
    private final HikariDataSource pool;

    private Database(Optional<EmbeddedDatabase> embedded, HikariDataSource pool) {
        this.embedded = embedded;
        this.pool = pool;
    }

    /** Starts the embedded server if needed, opens the pool and applies migrations. */
    static Database open(Config config) {
        Optional<EmbeddedDatabase> embedded = Optional.empty();
        PostgresDataSources.Target target;
        if (config.database().isPresent()) {
            target = config.database().get();
        } else {
            ensureWritable(config.dataDir());
            try {
                EmbeddedDatabase db = EmbeddedDatabase.start(config.dataDir());
                embedded = Optional.of(db);
                target = new PostgresDataSources.Target(db.jdbcUrl(), Optional.of(db.user()), Optional.empty());
            } catch (EmbeddedDatabase.InUseException e) {
                throw new ConfigException("TUCO_DATA_DIR", e.getMessage());
            } catch (IOException | RuntimeException e) {
                throw new ConfigException("TUCO_DATA_DIR", "cannot start the embedded PostgreSQL in "
                        + config.dataDir().toAbsolutePath() + ": " + e.getMessage());
            }
        }
        try {
            HikariDataSource pool = PostgresDataSources.open(target, config.poolSize(), "tuco");
            Database database = new Database(embedded, pool);
            int applied = Migrations.migrate(pool);
            LOG.info("database ready ({}), {} migration(s) applied", embedded.isPresent() ? "embedded" : target.jdbcUrl(), applied);
            return database;
        } catch (IllegalStateException e) {
            closeQuietly(embedded);
            throw new ConfigException("TUCO_DATABASE_URL", e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(embedded);
            throw e;
        }
    }

    private static void closeQuietly(Optional<EmbeddedDatabase> embedded) {
        embedded.ifPresent(db -> {
            try {
                db.close();
            } catch (IOException ignored) {
                // already failing; the first error is the one worth reporting
            }
        });
    }

    static void ensureWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new ConfigException("TUCO_DATA_DIR", "cannot write to " + dir.toAbsolutePath() + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    /** TUCO_SECRET_KEY, else (embedded only) a key generated once into the data directory. */
    static byte[] secretKey(Config config) {
        if (config.secretKey().isPresent()) {
            return config.secretKey().get();
        }
        if (!config.embedded()) {
            throw missingSecretKey();
        }
        Path file = config.dataDir().resolve("secret.key");
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Path tmp = Files.createTempFile(config.dataDir(), "secret", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, Base64.getEncoder().encodeToString(key));
                Files.move(tmp, file);
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file).strip());
            if (key.length != 32) {
                throw new ConfigException("TUCO_DATA_DIR", file + " does not hold a 32-byte base64 key");
            }
            return key;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("TUCO_DATA_DIR", "cannot read or create " + file + ": " + e.getMessage());
        }
    }

    /** What a process needing the key and given none against an external database stops with. */
    static ConfigException missingSecretKey() {
        return new ConfigException("TUCO_SECRET_KEY", "is required with an external database (base64 of 32 bytes: openssl rand -base64 32)");
    }

    HikariDataSource dataSource() {
        return pool;
    }

    boolean embedded() {
        return embedded.isPresent();
    }

    @Override
    public void close() {
        pool.close();
        closeQuietly(embedded);
    }
}
