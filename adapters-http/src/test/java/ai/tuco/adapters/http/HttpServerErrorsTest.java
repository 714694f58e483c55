package ai.tuco.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.http.shared.JsonSupport;
import ai.tuco.application.shared.port.in.UseCaseException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The error contract of every route, over real HTTP. */
class HttpServerErrorsTest {
    static HttpServer server;
    static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = new HttpServer("127.0.0.1", 0, List.of(routes -> {
            routes.get("/boom", ctx -> {
                throw new IllegalStateException("secret internals at line 42");
            });
            routes.get("/readonly", ctx -> {
                throw UseCaseException.readOnly();
            });
            routes.get("/pool-timeout", ctx -> {
                // what Jdbi throws when the pool gives up waiting for a connection
                throw new IllegalStateException("Unable to open handle", new SQLTransientConnectionException(
                        "tuco - Connection is not available, request timed out after 3000ms."));
            });
            routes.get("/connection-lost", ctx -> {
                throw new IllegalStateException("statement failed", new SQLException("An I/O error occurred", "08006"));
            });
            routes.get("/shutting-down", ctx -> {
                throw new IllegalStateException("statement failed",
                        new SQLException("terminating connection due to administrator command", "57P01"));
            });
            routes.get("/constraint", ctx -> {
                throw new IllegalStateException("statement failed", new SQLException("duplicate key", "23505"));
            });
            routes.get("/invalid", ctx -> {
                throw UseCaseException.invalid("message", "message must not be empty");
            });
        })).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JsonSupport.MAPPER.readTree(r.body());
    }

    @Test
    void unexpectedException_is500WithTheCorrelationIdAndNoStackTrace() throws Exception {
        var r = get("/boom", "x-correlation-id", "corr-500");
        assertThat(r.statusCode()).isEqualTo(500);
        JsonNode body = json(r);
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("code").asText()).isEqualTo("INTERNAL_ERROR");
        assertThat(body.get("correlationId").asText()).isEqualTo("corr-500");
        assertThat(body.get("error").asText()).contains("corr-500");
        assertThat(r.body()).doesNotContain("secret internals", "IllegalStateException", "at ai.tuco");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/pool-timeout", "/connection-lost", "/shutting-down"})
    void anUnreachableDatabase_is503Unavailable_withRetryAfter(String path) throws Exception {
        var r = get(path, "x-correlation-id", "corr-503");
        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode body = json(r);
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("code").asText()).isEqualTo("UNAVAILABLE");
        assertThat(body.get("correlationId").asText()).isEqualTo("corr-503");
        assertThat(r.headers().firstValue("Retry-After")).contains("1");
        assertThat(r.body()).doesNotContain("Exception", "I/O error", "timed out", "administrator");
    }

    @Test
    void anotherDatabaseError_isStillA500() throws Exception {
        var r = get("/constraint");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(json(r).get("code").asText()).isEqualTo("INTERNAL_ERROR");
        assertThat(r.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void readOnly_is402WithTheContractsBody() throws Exception {
        var r = get("/readonly");
        assertThat(r.statusCode()).isEqualTo(402);
        JsonNode body = json(r);
        assertThat(body.get("code").asText()).isEqualTo("READ_ONLY");
        assertThat(body.get("error").asText()).isEqualTo("READ_ONLY");
        assertThat(body.get("reason").asText()).isEqualTo("past_due");
    }

    @Test
    void validation_is400NamingTheField() throws Exception {
        var r = get("/invalid");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = json(r);
        assertThat(body.get("code").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(body.at("/details/0/field").asText()).isEqualTo("message");
    }

    @Test
    void unknownRoute_is404NotFound() throws Exception {
        var r = get("/nothing-here");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void hostileCorrelationId_isReplacedNotEchoed() throws Exception {
        var r = get("/nothing-here", "x-correlation-id", "bad id with spaces <script>");
        assertThat(r.headers().firstValue("x-correlation-id").orElseThrow()).startsWith("app_");
    }
}
