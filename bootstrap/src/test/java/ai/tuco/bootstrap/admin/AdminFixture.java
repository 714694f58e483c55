package ai.tuco.bootstrap.admin;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.workspace.port.in.SetWorkspaceStatusUseCase;
import ai.tuco.bootstrap.Config;
import ai.tuco.bootstrap.OpenApiContract;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.bootstrap.TestWorkspaces;
import ai.tuco.bootstrap.Tuco;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.WorkspaceStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The real service (Guice, Jdbi, Javalin) started in-process on a test class's own fresh PostgreSQL database, with
 * dispatch off so waiting messages stay waiting, talked to over real HTTP. Workspaces, keys and lines are made
 * through the real use cases ({@link TestWorkspaces}). Kept in this package so it does not depend on other suites' helpers.
 */
final class AdminFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ID = "[0-9a-f]{24}";
    static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
    private static final Actor TEST = Actor.system("admin-test");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final PostgresExtension db;
    final Tuco tuco;
    /** The TUCO_SECRET_KEY the service runs with (random per class), to open sealed values in tests. */
    final byte[] secretKey;
    private final TestWorkspaces workspaces;
    private final String base;

    private AdminFixture(PostgresExtension db, Tuco tuco, byte[] secretKey, int port) {
        this.db = db;
        this.tuco = tuco;
        this.workspaces = new TestWorkspaces(tuco, TEST);
        this.secretKey = secretKey;
        this.base = "http://localhost:" + port;
    }

    static AdminFixture start(PostgresExtension db) {
        return start(db, Clock.systemUTC());
    }

    /** @param clock the service's clock (a test that needs distinct or known times passes a MutableClock) */
    static AdminFixture start(PostgresExtension db, Clock clock) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> env = new HashMap<>();
        env.put("TUCO_DATABASE_URL", db.jdbcUrl());
        db.user().ifPresent(u -> env.put("TUCO_DATABASE_USER", u));
        db.password().ifPresent(p -> env.put("TUCO_DATABASE_PASSWORD", p));
        env.put("TUCO_SECRET_KEY", Base64.getEncoder().encodeToString(key));
        env.put("TUCO_PORT", "0");
        env.put("TUCO_DATABASE_POOL_SIZE", "4");
        env.put("TUCO_DISPATCH_ENABLED", "false");
        Tuco tuco = Tuco.open(Config.from(env), clock);
        try {
            return new AdminFixture(db, tuco, key, tuco.startHttp().port());
        } catch (RuntimeException | Error e) {
            tuco.close();
            throw e;
        }
    }

    @Override
    public void close() {
        tuco.close();
    }

    // ---- workspaces, keys, lines through the use cases ------------------------------------------------------------

    TestWorkspace workspace() {
        return workspaces.create().build();
    }

    String key(TestWorkspace ws, Role role) {
        return key(ws, role, Optional.empty());
    }

    String key(TestWorkspace ws, Role role, Optional<String> userId) {
        return workspaces.key(ws.id(), role, userId);
    }

    String sandboxLine(TestWorkspace ws, String phone) {
        return workspaces.line(ws.id(), phone, "sandbox " + phone, Set.of(Channel.IMESSAGE, Channel.SMS)).value();
    }

    TestWorkspaces workspaces() {
        return workspaces;
    }

    String emailLine(TestWorkspace ws, String address) {
        return workspaces.line(ws.id(), address, "email " + address, Set.of(Channel.EMAIL)).value();
    }

    void setStatus(TestWorkspace ws, WorkspaceStatus status) {
        assertThat(tuco.get(SetWorkspaceStatusUseCase.class).setStatus(ws.id(), status, TEST)).isTrue();
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------------

    record Response(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        String code() {
            return json().path("code").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** A request with the given method; a non-null body is sent as application/json. */
    Response call(String method, String key, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return send(b.build());
    }

    /** Sends a request and holds its answer to the OpenAPI document: a mismatch fails the test that made it. */
    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            Response response = new Response(r.statusCode(), r.headers().map(), r.body());
            OpenApiContract.check(request.method(), request.uri().getRawPath(), response.status(),
                    response.header("Content-Type"), response.body());
            return response;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A request whose body is sent as given, with the given Content-Type (null = none). */
    Response raw(String method, String key, String path, byte[] body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return send(b.build());
    }

    Response get(String key, String path) {
        return call("GET", key, path, null);
    }

    Response post(String key, String path, String body) {
        return call("POST", key, path, body);
    }

    Response patch(String key, String path, String body) {
        return call("PATCH", key, path, body);
    }

    Response delete(String key, String path, String body) {
        return call("DELETE", key, path, body);
    }

    /** Asserts the contract's error body and returns it. */
    static JsonNode error(Response r, int status, String code) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(status);
        JsonNode json = r.json();
        assertThat(json.path("success").asBoolean(true)).as("success in %s", r).isFalse();
        assertThat(json.path("code").asText()).as("code in %s", r).isEqualTo(code);
        assertThat(json.path("error").asText()).isNotBlank();
        assertThat(json.path("details").isArray()).as("details in %s", r).isTrue();
        return json;
    }

    /** The fields named by an error body's details. */
    static List<String> detailFields(JsonNode error) {
        return stream(error.path("details")).map(d -> d.path("field").asText()).toList();
    }

    static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }

    static List<String> texts(JsonNode array) {
        return stream(array).map(JsonNode::asText).toList();
    }

    /** A JSON object from name/value pairs in order; values may be maps, lists, numbers, booleans or null. */
    static String json(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return write(map);
    }

    static Map<String, Object> obj(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
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

    List<Map<String, Object>> rows(String sql, Object... args) {
        return db.rows(sql, args);
    }

    /** Audit rows of a workspace with one action, oldest first, as action/target/detail(text)/actor maps. */
    List<Map<String, Object>> audit(TestWorkspace ws, String action) {
        return rows("SELECT action, target_type, target_id, actor_type, actor_id, correlation_id, CAST(detail AS text) AS detail "
                + "FROM audit_log WHERE workspace_id = ? AND action = ? ORDER BY id", ws.idValue(), action);
    }
}
