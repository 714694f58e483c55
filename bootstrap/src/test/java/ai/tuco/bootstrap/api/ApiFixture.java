package ai.tuco.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.demo.port.in.SeedDemoUseCase.DemoSeed;
import ai.tuco.application.workspace.port.in.SetWorkspaceStatusUseCase;
import ai.tuco.bootstrap.Config;
import ai.tuco.bootstrap.TestConfigs;
import ai.tuco.bootstrap.TestHttp;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.bootstrap.TestWorkspaces;
import ai.tuco.bootstrap.Tuco;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.WorkspaceStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running service per test class: the real service (Guice, Jdbi, Javalin) started in-process on the class's own
 * fresh PostgreSQL database with the demo seeded, talked to over real HTTP. Workspaces, keys and lines are made
 * through the real use cases ({@link TestWorkspaces}); states the API cannot reach yet are written with SQL.
 */
final class ApiFixture implements AutoCloseable {
    static final String DEMO_LINE = "667f1f77bcf86cd799439011";
    static final String DEMO_LEAD = "667f1f77bcf86cd799439012";
    /** Wire-format times: ISO-8601 UTC with milliseconds. */
    static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
    static final String ID = "[0-9a-f]{24}";
    private static final Actor TEST = Actor.system("test");
    private static final AtomicInteger PHONES = new AtomicInteger();

    final PostgresExtension db;
    final Tuco tuco;
    final TestHttp http;
    final DemoSeed demo;
    private final TestWorkspaces workspaces;

    private ApiFixture(PostgresExtension db, Tuco tuco, TestHttp http, DemoSeed demo) {
        this.db = db;
        this.tuco = tuco;
        this.workspaces = new TestWorkspaces(tuco, TEST);
        this.http = http;
        this.demo = demo;
    }

    /** Starts the service on {@code db} (an API-only node: no dispatchers move messages under the tests) with the demo seeded. */
    static ApiFixture start(PostgresExtension db) {
        return start(db, new String[0]);
    }

    /** As {@link #start(PostgresExtension)}, with more environment variables (name, value, ...). */
    static ApiFixture start(PostgresExtension db, String... env) {
        return start(db, Clock.systemUTC(), env);
    }

    /** As {@link #start(PostgresExtension, String...)}, on {@code clock} (a test that moves time passes a MutableClock). */
    static ApiFixture start(PostgresExtension db, Clock clock, String... env) {
        String[] all = concat(new String[] {"TUCO_DEMO", "true", "TUCO_DISPATCH_ENABLED", "false"}, env);
        Tuco tuco = Tuco.open(Config.from(TestConfigs.env(db, all)), clock);
        try {
            DemoSeed demo = tuco.seedDemoIfEnabled().orElseThrow(() -> new AssertionError("demo not seeded"));
            TestHttp http = new TestHttp(tuco.startHttp().port());
            return new ApiFixture(db, tuco, http, demo);
        } catch (RuntimeException | Error e) {
            tuco.close();
            throw e;
        }
    }

    @Override
    public void close() {
        tuco.close();
    }

    // ---- workspaces, keys, lines -------------------------------------------------------------------------------

    TestWorkspace workspace(String defaultCountry) {
        return workspaces.create().defaultCountry(defaultCountry).build();
    }

    TestWorkspace demoWorkspace() {
        return new TestWorkspace(demo.workspaceId(), demo.apiKey(), Optional.empty(), Map.of());
    }

    String key(WorkspaceId ws, Role role, Optional<String> userId) {
        return workspaces.key(ws, role, userId);
    }

    String line(WorkspaceId ws, String address, Channel... channels) {
        return workspaces.line(ws, address, "line " + address, Set.of(channels)).value();
    }

    void setStatus(WorkspaceId ws, WorkspaceStatus status) {
        assertThat(tuco.get(SetWorkspaceStatusUseCase.class).setStatus(ws, status, TEST)).isTrue();
    }

    /** A US phone number no other test in this JVM uses. */
    static String freshPhone() {
        return "+1312555" + String.format("%04d", 2000 + PHONES.incrementAndGet());
    }

    // ---- HTTP ----------------------------------------------------------------------------------------------------

    TestHttp.Response post(String key, String path, String body, String... headers) {
        return http.post(path, body, concat(headers, "Authorization", "Bearer " + key));
    }

    TestHttp.Response get(String key, String path, String... headers) {
        return http.get(path, concat(headers, "Authorization", "Bearer " + key));
    }

    /** POST /api/messages that must be accepted; returns the 201 body. */
    JsonNode send(String key, String body) {
        var r = post(key, "/api/messages", body);
        assertThat(r.status()).as("POST /api/messages %s -> %s", body, r.body()).isEqualTo(201);
        return r.json();
    }

    private static String[] concat(String[] headers, String... more) {
        String[] all = Arrays.copyOf(headers, headers.length + more.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }

    /**
     * A JSON object from name/value pairs, in order: {@code json("message", "hi", "batchId", null)}. Values are
     * strings, numbers, booleans, lists, maps or null (written as an explicit JSON null).
     */
    static String json(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        try {
            return TestHttp.JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    // ---- SQL -------------------------------------------------------------------------------------------------------

    long count(String sql, Object... args) {
        return db.count(sql, args);
    }

    int exec(String sql, Object... args) {
        return db.exec(sql, args);
    }

    Map<String, Object> row(String sql, Object... args) {
        return db.row(sql, args);
    }

    /** The strings of a one-column query, in order. */
    java.util.List<String> strings(String sql, Object... args) {
        return db.strings(sql, args);
    }

    /** Row counts of every table an accepted message writes to. */
    record Counts(long messages, long events, long leads, long queue, long audit, long leadVersions) {}

    Counts counts() {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT (SELECT count(*) FROM messages) AS messages,
                               (SELECT count(*) FROM message_events) AS events,
                               (SELECT count(*) FROM leads) AS leads,
                               (SELECT count(*) FROM dispatch_queue) AS queue,
                               (SELECT count(*) FROM audit_log) AS audit,
                               (SELECT coalesce(sum(version), 0) FROM leads) AS lead_versions""")
                .map((rs, ctx) -> new Counts(rs.getLong("messages"), rs.getLong("events"), rs.getLong("leads"),
                        rs.getLong("queue"), rs.getLong("audit"), rs.getLong("lead_versions")))
                .one());
    }
}
