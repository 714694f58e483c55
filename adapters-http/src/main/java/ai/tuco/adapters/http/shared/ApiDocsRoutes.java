package ai.tuco.adapters.http.shared;

import ai.tuco.adapters.http.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /openapi.json} (the hand-written OpenAPI document, ADR 10) and Swagger UI at {@code /docs}, served from
 * the swagger-ui webjar on the classpath (no CDN). Neither needs a credential.
 */
public final class ApiDocsRoutes implements RouteGroup {
    /** Where the document lives on the classpath; tests read it from here too. */
    public static final String DOCUMENT = "openapi/tuco.json";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    /** The webjar's files the page needs, with their types: nothing else of the jar is served. */
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "index.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");
    /** Swagger UI sets inline styles; everything else comes from this origin. */
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

    private final byte[] document;
    private final String webjarRoot;
    private final byte[] page;
    private final byte[] init;
    private final Map<String, byte[]> assets = new ConcurrentHashMap<>();

    public ApiDocsRoutes() {
        this.document = ClasspathResources.bytes(DOCUMENT);
        this.webjarRoot = WEBJAR + ClasspathResources.webjarVersion("org.webjars", "swagger-ui") + "/";
        this.page = ClasspathResources.bytes("openapi/docs.html");
        this.init = ClasspathResources.bytes("openapi/docs-init.js");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/openapi.json", ctx -> Responses.bytes(ctx, 200, document));
        routes.get("/docs", ctx -> send(ctx, "text/html; charset=utf-8", page));
        routes.get("/docs/{file}", ctx -> {
            String file = ctx.pathParam("file");
            if (file.equals("docs-init.js")) {
                send(ctx, "text/javascript; charset=utf-8", init);
                return;
            }
            String type = ASSETS.get(file);
            if (type == null) {
                throw new ApiError(404, "NOT_FOUND", "No such file: " + file);
            }
            send(ctx, type, assets.computeIfAbsent(file, f -> ClasspathResources.bytes(webjarRoot + f)));
        });
    }

    private static void send(Context ctx, String type, byte[] body) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.status(200).contentType(type).result(body);
    }



}
