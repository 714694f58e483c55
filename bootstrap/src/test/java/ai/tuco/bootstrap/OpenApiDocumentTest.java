package ai.tuco.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.adapters.http.HttpServer;
import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAPI document against the service as wired in production: the routes Javalin really registered, the
 * document served at {@code /openapi.json}, Swagger UI at {@code /docs}, and the checker the HTTP suites use.
 */
class OpenApiDocumentTest {

    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();
    private static Tuco tuco;
    private static HttpServer server;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        tuco = Tuco.open(Config.from(TestConfigs.env(db, "TUCO_DISPATCH_ENABLED", "false")), Clock.systemUTC());
        server = tuco.startHttp();
        http = new TestHttp(server.port());
    }

    @AfterAll
    static void stop() {
        if (tuco != null) {
            tuco.close();
        }
    }

    @Test
    void everyRegisteredRoute_isDocumented_andEveryDocumentedRouteIsRegistered() {
        Set<String> registered = new TreeSet<>(server.routes());
        Set<String> documented = new TreeSet<>(OpenApiContract.operations().stream().map(OpenApiContract.Operation::route).toList());

        Set<String> undocumented = new TreeSet<>(registered);
        undocumented.removeAll(documented);
        Set<String> notServed = new TreeSet<>(documented);
        notServed.removeAll(registered);
        assertThat(undocumented).as("routes the service registers but /openapi.json does not describe").isEmpty();
        assertThat(notServed).as("routes /openapi.json describes but the service does not register").isEmpty();
        assertThat(registered).hasSizeGreaterThan(20);
    }

    @Test
    void everyJsonResponse_namesAComponentSchema_andEveryRefResolves() {
        List<String> problems = new ArrayList<>();
        walkRefs(OpenApiContract.document(), "", problems);
        for (var op : OpenApiContract.operations()) {
            op.node().path("responses").fields().forEachRemaining(r -> {
                JsonNode response = r.getValue().has("$ref") ? OpenApiContract.document().at(r.getValue().get("$ref").asText().substring(1)) : r.getValue();
                JsonNode json = response.path("content").path("application/json");
                if (!json.isMissingNode() && !json.path("schema").path("$ref").asText().startsWith("#/components/schemas/")) {
                    problems.add(op.route() + " " + r.getKey() + ": the JSON schema is not a $ref to #/components/schemas/");
                }
            });
            if (!op.node().has("operationId") || op.node().path("responses").isEmpty()) {
                problems.add(op.route() + ": needs an operationId and responses");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void errorSchema_isClosed_andListsTheContractsCodes() {
        JsonNode error = OpenApiContract.document().at("/components/schemas/Error");
        assertThat(error.path("additionalProperties").asBoolean(true)).isFalse();
        List<String> codes = new ArrayList<>();
        OpenApiContract.document().at("/components/schemas/ErrorCode/enum").forEach(c -> codes.add(c.asText()));
        assertThat(codes).contains("VALIDATION_ERROR", "FALLBACK_NOT_CONFIGURED", "NO_ACTIVE_LINES", "UNAUTHORIZED", "READ_ONLY",
                "FORBIDDEN", "NOT_FOUND", "INVALID_STATUS", "IDEMPOTENCY_IN_PROGRESS", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE",
                "IDEMPOTENCY_KEY_REUSED", "RATE_LIMITED", "INTERNAL_ERROR", "UNAVAILABLE");
        assertThat(OpenApiContract.document().at("/components/securitySchemes").fieldNames()).toIterable()
                .contains("apiKey", "clerkSession");
    }

    @Test
    void openApiJson_isServedWithoutCredentials_asTheDocument() {
        var r = http.get("/openapi.json");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json()).isEqualTo(OpenApiContract.document());
        assertThat(r.json().path("openapi").asText()).isEqualTo("3.1.0");
    }

    @Test
    void docs_servesSwaggerUiFromTheWebjar_pointedAtTheDocument_withNothingFromElsewhere() {
        var page = http.get("/docs");
        var init = http.get("/docs/docs-init.js");
        var bundle = http.get("/docs/swagger-ui-bundle.js");
        var css = http.get("/docs/swagger-ui.css");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("/docs/swagger-ui-bundle.js", "/docs/docs-init.js").doesNotContain("http://", "https://");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
        assertThat(init.body()).contains("url: \"/openapi.json\"");
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.header("Content-Type")).startsWith("text/javascript");
        assertThat(bundle.body().length()).isGreaterThan(100_000);
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Content-Type")).startsWith("text/css");
    }

    @Test
    void docs_refusesFilesThatAreNotSwaggerUis() {
        for (String file : List.of("pom.properties", "index.html", "..", "swagger-ui.js.map")) {
            var r = http.get("/docs/" + file);
            assertThat(r.status()).as(file).isEqualTo(404);
            assertThat(r.json().path("code").asText()).isEqualTo("NOT_FOUND");
        }
    }

    // ---- the checker itself must be able to fail ------------------------------------------------------------------

    @Test
    void checker_refusesAnUndocumentedStatus() {
        assertThatThrownBy(() -> OpenApiContract.check("GET", "/api/messages/667f1f77bcf86cd799439011", 418, "application/json", "{}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("not a documented status");
    }

    @Test
    void checker_refusesAMissingField_anUnknownField_andAWrongType() {
        String ok = "{\"success\":true,\"deletedCount\":3}";
        OpenApiContract.check("DELETE", "/api/leads", 200, "application/json", ok);

        assertThatThrownBy(() -> OpenApiContract.check("DELETE", "/api/leads", 200, "application/json", "{\"success\":true}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("deletedCount");
        assertThatThrownBy(() -> OpenApiContract.check("DELETE", "/api/leads", 200, "application/json",
                "{\"success\":true,\"deletedCount\":3,\"surprise\":1}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("surprise");
        assertThatThrownBy(() -> OpenApiContract.check("DELETE", "/api/leads", 200, "application/json",
                "{\"success\":true,\"deletedCount\":\"3\"}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("deletedCount");
    }

    @Test
    void checker_holdsErrorsToTheErrorSchema_evenOnUndocumentedPaths() {
        OpenApiContract.check("GET", "/nowhere", 404, "application/json",
                "{\"success\":false,\"error\":\"No route\",\"code\":\"NOT_FOUND\",\"details\":[]}");

        assertThatThrownBy(() -> OpenApiContract.check("GET", "/nowhere", 404, "application/json",
                "{\"success\":false,\"error\":\"No route\",\"code\":\"NO_SUCH_CODE\",\"details\":[]}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("code");
    }

    @Test
    void checker_prefersLiteralSegments_overParameters() {
        assertThat(OpenApiContract.find("GET", "/api/leads/check-availability")).get()
                .extracting(OpenApiContract.Operation::template).isEqualTo("/api/leads/check-availability");
        assertThat(OpenApiContract.find("GET", "/api/messages/export")).get()
                .extracting(OpenApiContract.Operation::template).isEqualTo("/api/messages/export");
        assertThat(OpenApiContract.find("GET", "/api/messages/667f1f77bcf86cd799439011")).get()
                .extracting(OpenApiContract.Operation::template).isEqualTo("/api/messages/{id}");
    }

    private static void walkRefs(JsonNode node, String at, List<String> problems) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && (!ref.asText().startsWith("#/") || OpenApiContract.document().at(ref.asText().substring(1)).isMissingNode())) {
                problems.add(at + ": $ref " + ref.asText() + " does not resolve");
            }
            node.fields().forEachRemaining(e -> walkRefs(e.getValue(), at + "/" + e.getKey(), problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walkRefs(node.get(i), at + "/" + i, problems);
            }
        }
    }
}
