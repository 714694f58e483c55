package ai.tuco.adapters.persistence.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class its own fresh, migrated PostgreSQL database:
 * {@code @RegisterExtension static final PostgresExtension db = new PostgresExtension();}.
 *
 * <p>The server is the one named by {@code TUCO_TEST_DATABASE_URL} (a JDBC or postgres:// URL whose user may create
 * databases) when set, else one embedded PostgreSQL 15 per JVM. Migrations run once per JVM into a template
 * database; each test class gets a copy of it ({@code CREATE DATABASE ... TEMPLATE}), dropped afterwards.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {
    private static Server server;

    private String database;
    private HikariDataSource dataSource;
    private Jdbi jdbi;

    /** Where test databases are created: base URL without database name, credentials and the template. */
    private record Server(String baseUrl, Optional<String> user, Optional<String> password, String template) {
        String url(String database) {
            return baseUrl + database;
        }

        Connection admin() throws SQLException {
            return DriverManager.getConnection(url("postgres"), user.orElse(null), password.orElse(null));
        }
    }

    private static synchronized Server server() throws Exception {
        if (server != null) {
            return server;
        }
        String external = System.getenv("TUCO_TEST_DATABASE_URL");
        String baseUrl;
        Optional<String> user;
        Optional<String> password;
        if (external != null && !external.isBlank()) {
            var target = PostgresDataSources.parse(external,
                    Optional.ofNullable(System.getenv("TUCO_TEST_DATABASE_USER")),
                    Optional.ofNullable(System.getenv("TUCO_TEST_DATABASE_PASSWORD")));
            String url = target.jdbcUrl();
            int q = url.indexOf('?');
            String noQuery = q < 0 ? url : url.substring(0, q);
            baseUrl = noQuery.substring(0, noQuery.lastIndexOf('/') + 1);
            user = target.user().or(() -> Optional.of("postgres"));
            password = target.password();
        } else {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (Exception ignored) {
                    // the JVM is exiting; the temporary cluster goes with it
                }
            }));
            baseUrl = "jdbc:postgresql://localhost:" + pg.getPort() + "/";
            user = Optional.of("postgres");
            password = Optional.empty();
        }
        String template = "tuco_tpl_" + UUID.randomUUID().toString().replace("-", "");
        Server s = new Server(baseUrl, user, password, template);
        try (Connection c = s.admin(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + template);
        }
        try (HikariDataSource ds = PostgresDataSources.open(
                new PostgresDataSources.Target(s.url(template), user, password), 2, "test-template")) {
            Migrations.migrate(ds);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(s, template)));
        server = s;
        return s;
    }

    private static void drop(Server s, String database) {
        try (Connection c = s.admin(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException ignored) {
            // best effort: the server may already be gone
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Server s = server();
        database = "tuco_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        try (Connection c = s.admin(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database + " TEMPLATE " + s.template());
        }
        dataSource = PostgresDataSources.open(new PostgresDataSources.Target(jdbcUrl(), s.user(), s.password()), 10, "test-" + database);
        jdbi = JdbiFactory.create(dataSource);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (dataSource != null) {
            dataSource.close();
        }
        drop(server, database);
    }

    public String jdbcUrl() {
        return server.url(database);
    }

    public Optional<String> user() {
        return server.user();
    }

    public Optional<String> password() {
        return server.password();
    }

    public String databaseName() {
        return database;
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    // ---- one-line SQL for assertions and set-up, positional ? parameters ------------------------------------------

    /** The one long a query returns (a count, say). */
    public long count(String sql, Object... args) {
        return jdbi.withHandle(h -> bindAll(h.createQuery(sql), args).mapTo(Long.class).one());
    }

    /** @return rows changed */
    public int exec(String sql, Object... args) {
        return jdbi.withHandle(h -> bindAll(h.createUpdate(sql), args).execute());
    }

    public Map<String, Object> row(String sql, Object... args) {
        return jdbi.withHandle(h -> bindAll(h.createQuery(sql), args).mapToMap().one());
    }

    public List<Map<String, Object>> rows(String sql, Object... args) {
        return jdbi.withHandle(h -> bindAll(h.createQuery(sql), args).mapToMap().list());
    }

    /** The strings of a one-column query, in order. */
    public List<String> strings(String sql, Object... args) {
        return jdbi.withHandle(h -> bindAll(h.createQuery(sql), args).mapTo(String.class).list());
    }

    private static <S extends SqlStatement<S>> S bindAll(S statement, Object... args) {
        for (int i = 0; i < args.length; i++) {
            statement.bind(i, args[i]);
        }
        return statement;
    }

    // ---- plans -----------------------------------------------------------------------------------------------------

    /**
     * The generic plan (ADR 7) that PostgreSQL caches for {@code sql} as the source has it: each {@code :name} becomes a
     * parameter of a prepared statement (types inferred from the statement), bound to the SQL literal {@code literals}
     * gives for it, or NULL; {@code EXPLAIN EXECUTE} under {@code plan_cache_mode = force_generic_plan}, as one string.
     */
    public String genericPlan(String sql, Map<String, String> literals) {
        Matcher named = Pattern.compile("(?<!:):(\\w+)").matcher(sql);
        List<String> names = new ArrayList<>();
        StringBuilder positional = new StringBuilder();
        while (named.find()) {
            if (!names.contains(named.group(1))) {
                names.add(named.group(1));
            }
            named.appendReplacement(positional, "\\$" + (names.indexOf(named.group(1)) + 1));
        }
        named.appendTail(positional);
        String args = String.join(", ", names.stream().map(n -> literals.getOrDefault(n, "NULL")).toList());
        List<String> plan = jdbi.withHandle(h -> {
            h.execute("DEALLOCATE ALL");
            h.execute("SET plan_cache_mode = force_generic_plan");
            h.execute("PREPARE plan_under_test AS " + positional);
            return h.createQuery("EXPLAIN EXECUTE plan_under_test" + (names.isEmpty() ? "" : "(" + args + ")"))
                    .mapTo(String.class).list();
        });
        return String.join("\n", plan);
    }

    /** Opens a connection to the server's maintenance database (to create or break databases in a test). */
    public Connection adminConnection() throws SQLException {
        return server.admin();
    }
}
