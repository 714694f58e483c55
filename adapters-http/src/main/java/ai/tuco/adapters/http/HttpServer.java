package ai.tuco.adapters.http;

import ai.tuco.adapters.http.shared.ApiError;
import ai.tuco.adapters.http.shared.JsonSupport;
import ai.tuco.adapters.http.shared.Responses;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the service: Javalin with every route group, one error contract for every failure, a
 * correlation id on every request and one log line per request.
 */
public final class HttpServer {
    /** The body limit of {@code POST /api/messages/batch}; every other body's is 1 MiB. */
    public static final int MAX_BULK_BODY = 16 * 1024 * 1024;
    public static final String BULK_PATH = "/api/messages/batch";

    public static final String CORRELATION_HEADER = "x-correlation-id";
    public static final String CORRELATION_ATTRIBUTE = "tuco.correlationId";
    private static final Logger LOG = LoggerFactory.getLogger("ai.tuco.http");
    private static final Pattern SAFE_CORRELATION = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Javalin app;

    /** @param host the interface to listen on ("0.0.0.0" for all) */
    public HttpServer(String host, int port, List<RouteGroup> groups) {
        this(host, port, groups, RequestObserver.NONE);
    }

    /** @param observer told of every answered request (request metrics) */
    public HttpServer(String host, int port, List<RouteGroup> groups, RequestObserver observer) {
        this.app = Javalin.create(config -> configure(config, host, port, groups,
                (ctx, ms) -> observer.answered(ctx, route(ctx), ms)));
    }

    /** The matched route's template; for a request refused before its handler, the route it would have reached. */
    private String route(Context ctx) {
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        if (matched == null) {
            ParsedEndpoint routed = app.unsafe.internalRouter.findFirstHttpHandlerEntry(ctx.method(), ctx.path());
            matched = routed == null ? null : routed.endpoint;
        }
        return matched == null ? RequestObserver.UNMATCHED : matched.path;
    }

    private static void configure(JavalinConfig config, String host, int port, List<RouteGroup> groups,
            BiConsumer<Context, Float> observer) {
        config.startup.startupWatcherEnabled = false;
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.concurrency.useVirtualThreads = true;
        config.jetty.host = host;
        config.jetty.port = port;
        config.jetty.modifyServer(server -> {
            server.setStopTimeout(10_000);
            server.setErrorHandler(new JsonErrorHandler());
        });
        config.http.maxRequestSize = 1024 * 1024; // the bulk accept's body is read past it by JsonBody.bytes
        config.http.defaultContentType = "application/json";
        config.jsonMapper(new JavalinJackson(JsonSupport.MAPPER, false));
        config.requestLogger.http((ctx, ms) -> {
            LOG.info("{} {} {} {}ms {}", ctx.method(), ctx.path(), ctx.status().getCode(), Math.round(ms), correlationId(ctx));
            observer.accept(ctx, ms);
        });
        var routes = config.routes;
        routes.before(HttpServer::assignCorrelationId);
        for (RouteGroup group : groups) {
            group.register(routes);
        }
        routes.exception(ApiError.class, (e, ctx) -> writeError(ctx, e));
        routes.exception(UseCaseException.class, (e, ctx) -> writeError(ctx, fromUseCase(e)));
        routes.exception(HttpResponseException.class, (e, ctx) -> writeError(ctx, fromJavalin(e)));
        routes.exception(Exception.class, (e, ctx) -> {
            if (databaseUnavailable(e)) {
                LOG.warn("database unavailable on {} {} [{}]: {}", ctx.method(), ctx.path(), correlationId(ctx), rootMessage(e));
                ctx.header("Retry-After", "1");
                writeError(ctx, new ApiError(503, "UNAVAILABLE", "The database is unreachable; retry shortly (correlation id "
                        + correlationId(ctx) + ")", List.of(), Map.of("correlationId", correlationId(ctx))));
                return;
            }
            LOG.error("unexpected error on {} {} [{}]", ctx.method(), ctx.path(), correlationId(ctx), e);
            writeError(ctx, new ApiError(500, "INTERNAL_ERROR",
                    "Internal error; quote correlation id " + correlationId(ctx) + " when reporting it",
                    List.of(), Map.of("correlationId", correlationId(ctx))));
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                writeError(ctx, new ApiError(404, "NOT_FOUND", "No route for " + ctx.method() + " " + ctx.path()));
            }
        });
        routes.error(405, ctx -> writeError(ctx, new ApiError(405, "METHOD_NOT_ALLOWED", "Method not allowed")));
    }

    private static void assignCorrelationId(Context ctx) {
        String given = ctx.header(CORRELATION_HEADER);
        String id = given != null && SAFE_CORRELATION.matcher(given).matches() ? given : "app_" + randomHex();
        ctx.attribute(CORRELATION_ATTRIBUTE, id);
        ctx.header(CORRELATION_HEADER, id);
    }

    private static String randomHex() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    /** Makes {@code id} (a body's {@code correlationId}) this request's id: in the response header and the log line. */
    public static void useCorrelationId(Context ctx, String id) {
        ctx.attribute(CORRELATION_ATTRIBUTE, id);
        ctx.header(CORRELATION_HEADER, id);
    }

    public static String correlationId(Context ctx) {
        String id = ctx.attribute(CORRELATION_ATTRIBUTE);
        return id == null ? "none" : id;
    }

    /**
     * Whether a failure means the database could not be reached (503 {@code UNAVAILABLE}) rather than a bug (500):
     * anywhere in the cause chain, a connection-class {@link SQLException} (SQLState class 08, the server shutting down
     * or not accepting connections, too many connections) or one of JDBC's connection exceptions, such as the pool's
     * timeout waiting for a connection. Only JDK types are inspected, so this adapter stays free of the driver.
     */
    static boolean databaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                        || state.equals("53300")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    static ApiError fromUseCase(UseCaseException e) {
        return switch (e.kind()) {
            case INVALID -> new ApiError(400, e.code(), e.getMessage(), e.details(), Map.of());
            case FORBIDDEN -> new ApiError(403, e.code(), e.getMessage(), e.details(), Map.of());
            case NOT_FOUND -> new ApiError(404, e.code(), e.getMessage(), e.details(), Map.of());
            case CONFLICT -> new ApiError(409, e.code(), e.getMessage(), e.details(), Map.of());
            case READ_ONLY -> new ApiError(402, "READ_ONLY", "READ_ONLY", List.of(), Map.of("reason", "past_due"));
            case UNPROCESSABLE -> new ApiError(422, e.code(), e.getMessage(), e.details(), Map.of());
        };
    }

    private static ApiError fromJavalin(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> new ApiError(404, "NOT_FOUND", "Not found");
            case 413 -> new ApiError(413, "PAYLOAD_TOO_LARGE", "Request body is larger than 1 MiB");
            case 415 -> new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Request body must be application/json");
            case 400 -> new ApiError(400, "VALIDATION_ERROR", "Bad request");
            case 405 -> new ApiError(405, "METHOD_NOT_ALLOWED", "Method not allowed");
            default -> new ApiError(e.getStatus(), "ERROR", e.getMessage() == null ? "Error" : e.getMessage());
        };
    }

    static void writeError(Context ctx, ApiError e) {
        if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        Responses.json(ctx, e.status(), errorBody(e));
    }

    /** The contract's error object: {@code {success: false, error, code, details, ...}}. */
    public static Map<String, Object> errorBody(ApiError e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("error", e.getMessage());
        body.put("code", e.code());
        body.put("details", e.details().stream().map(HttpServer::detail).toList());
        body.putAll(e.extra());
        return body;
    }

    /**
     * What a failure would be answered alone, as an error object: a refusal with its status, the database away as 503,
     * anything else as 500 (logged here, with the correlation id).
     */
    public static ApiError asApiError(Context ctx, RuntimeException e) {
        if (e instanceof ApiError api) {
            return api;
        }
        if (e instanceof UseCaseException u) {
            return fromUseCase(u);
        }
        if (databaseUnavailable(e)) {
            LOG.warn("database unavailable on {} {} [{}]: {}", ctx.method(), ctx.path(), correlationId(ctx), rootMessage(e));
            return new ApiError(503, "UNAVAILABLE", "The database is unreachable; retry shortly", List.of(), Map.of());
        }
        LOG.error("unexpected error on {} {} [{}]", ctx.method(), ctx.path(), correlationId(ctx), e);
        return new ApiError(500, "INTERNAL_ERROR", "Internal error; quote correlation id " + correlationId(ctx)
                + " when reporting it", List.of(), Map.of());
    }

    private static Map<String, String> detail(FieldError f) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("field", f.field());
        m.put("message", f.message());
        return m;
    }

    /** Errors Jetty answers itself (a request it cannot parse, a bad URI) get the contract's JSON body too. */
    static final class JsonErrorHandler extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                Callback callback) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("success", false);
            body.put("error", code == 400 ? "Malformed request" : "Request refused (" + code + ")");
            body.put("code", code == 400 ? "VALIDATION_ERROR" : code == 413 ? "PAYLOAD_TOO_LARGE" : code == 404 ? "NOT_FOUND" : "ERROR");
            body.put("details", List.of());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(JsonSupport.bytes(body)), callback);
        }
    }

    public HttpServer start() {
        app.start();
        return this;
    }

    /**
     * Every route registered, as {@code "GET /api/messages/{id}"}: what Javalin's router holds (filters and error
     * handlers excluded), so a test can hold the OpenAPI document to what is really served.
     */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(e -> e.endpoint)
                .filter(e -> e.method.isHttpMethod())
                .map(e -> e.method.name() + " " + e.path)
                .distinct()
                .sorted()
                .toList();
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }
}
