package ai.tuco.bootstrap;

import ai.tuco.adapters.http.shared.ApiDocsRoutes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The OpenAPI document served at {@code /openapi.json}, as a checker of real answers: the end-to-end HTTP fixtures
 * hand it every response they receive, and a response that does not match what the document says of its route and
 * status fails the test that made the request. Schemas are validated with networknt's OpenAPI 3.1 dialect.
 */
public final class OpenApiContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLASSPATH_DOCUMENT = "classpath:" + ApiDocsRoutes.DOCUMENT;
    private static final JsonNode DOCUMENT = load();
    private static final List<Operation> OPERATIONS = operations(DOCUMENT);
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDialect(Dialects.getOpenApi31());
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private OpenApiContract() {}

    /** One method of one path of the document, with a matcher for concrete paths. */
    public record Operation(String method, String template, Pattern pattern, JsonNode node) {
        public String route() {
            return method + " " + template;
        }

        long parameters() {
            return template.chars().filter(c -> c == '{').count();
        }
    }

    public static JsonNode document() {
        return DOCUMENT;
    }

    public static List<Operation> operations() {
        return OPERATIONS;
    }

    /**
     * @param path the request's raw path (a query string is ignored)
     * @throws AssertionError when the route is documented but this status is not, or the body does not match the
     *     documented schema; an undocumented path's error answers are held to the error schema
     */
    public static void check(String method, String path, int status, String contentType, String body) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        Optional<Operation> operation = find(method, bare);
        if (operation.isEmpty()) {
            if (status >= 400 && isJson(contentType)) {
                validate("#/components/schemas/Error", body, method + " " + path + " -> " + status);
            }
            return;
        }
        String what = method + " " + path + " (" + operation.get().route() + ") -> " + status;
        JsonNode response = resolve(operation.get().node().path("responses").path(Integer.toString(status)));
        if (response.isMissingNode()) {
            throw new AssertionError("OpenAPI: " + what + " is not a documented status of " + operation.get().route()
                    + "; body: " + abbreviate(body));
        }
        JsonNode content = response.path("content");
        if (content.isMissingNode() || body == null || body.isEmpty() || "HEAD".equals(method)) {
            return;
        }
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!content.has(mediaType)) {
            throw new AssertionError("OpenAPI: " + what + " answered " + contentType + ", documented: "
                    + fieldNames(content));
        }
        if (isJson(mediaType)) {
            JsonNode schema = content.path(mediaType).path("schema");
            validate(schema.path("$ref").asText(), body, what);
        }
    }

    /** The operation a concrete path names; literal segments win over parameters ({@code /export} over {@code /{id}}). */
    public static Optional<Operation> find(String method, String path) {
        return OPERATIONS.stream()
                .filter(o -> o.method().equals(method) && o.pattern().matcher(path).matches())
                .min(Comparator.comparingLong(Operation::parameters));
    }

    private static void validate(String ref, String body, String what) {
        if (!ref.startsWith("#/components/schemas/")) {
            throw new AssertionError("OpenAPI: the JSON schema of " + what + " must be a $ref to #/components/schemas/, not '" + ref + "'");
        }
        Schema schema = SCHEMAS.computeIfAbsent(ref, r -> REGISTRY.getSchema(SchemaLocation.of(CLASSPATH_DOCUMENT + r)));
        List<Error> errors;
        try {
            errors = schema.validate(body, InputFormat.JSON);
        } catch (RuntimeException e) {
            throw new AssertionError("OpenAPI: " + what + " is not JSON: " + abbreviate(body), e);
        }
        if (!errors.isEmpty()) {
            List<String> lines = new ArrayList<>();
            for (Error e : errors) {
                lines.add(e.getInstanceLocation() + ": " + e.getMessage());
            }
            throw new AssertionError("OpenAPI: " + what + " does not match " + ref + ":\n  " + String.join("\n  ", lines)
                    + "\nbody: " + abbreviate(body));
        }
    }

    /** Follows a {@code $ref} to {@code #/components/responses/...}. */
    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.path("$ref");
        return ref.isTextual() ? DOCUMENT.at(ref.asText().substring(1)) : node;
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 2000 ? body.substring(0, 2000) + "..." : body;
    }

    private static JsonNode load() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(ApiDocsRoutes.DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(ApiDocsRoutes.DOCUMENT + " is not on the classpath");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code /api/messages/{id}} as a regular expression: literal text quoted, each parameter one path segment. */
    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        var parameter = Pattern.compile("\\{[^/}]+}").matcher(template);
        int last = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(template.substring(last, parameter.start()))).append("[^/]+");
            last = parameter.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(template.substring(last))).toString());
    }

    private static List<Operation> operations(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            var path = paths.next();
            Pattern pattern = pattern(path.getKey());
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                var method = methods.next();
                operations.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), pattern, method.getValue()));
            }
        }
        return List.copyOf(operations);
    }
}
