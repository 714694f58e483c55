package ai.tuco.adapters.http.dashboard;

import ai.tuco.adapters.http.RouteGroup;
import ai.tuco.adapters.http.shared.ApiError;
import ai.tuco.adapters.http.shared.ClasspathResources;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The dashboard (issue 16, ADR 15): a static single page at {@code /} and its files at {@code /dashboard/{file}},
 * plain ES modules and CSS shipped inside the jar, plus uPlot from its webjar. Nothing needs a credential: the page
 * asks for an API key and sends it only as a bearer header to {@code /api}. Every answer carries a strict
 * Content-Security-Policy (scripts and styles from this origin only, no inline script or style), {@code nosniff} and
 * {@code Referrer-Policy: no-referrer}; only the files listed here are served.
 */
public final class DashboardRoutes implements RouteGroup {
    /** Where the dashboard's own files live on the classpath. */
    public static final String ROOT = "dashboard/";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/";
    private static final String JS = "text/javascript; charset=utf-8";
    private static final String CSS = "text/css; charset=utf-8";
    /** Every file the page loads, by the name it is served under, with its type; nothing else is served. */
    private static final Map<String, String> FILES = files();
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private final byte[] page;
    private final Map<String, byte[]> assets = new LinkedHashMap<>();

    public DashboardRoutes() {
        this.page = ClasspathResources.bytes(ROOT + "index.html");
        String uplot = UPLOT + ClasspathResources.webjarVersion("org.webjars.npm", "uplot") + "/dist/";
        for (String name : FILES.keySet()) {
            assets.put(name, ClasspathResources.bytes(name.startsWith("uPlot.") ? uplot + name : ROOT + name));
        }
    }

    private static Map<String, String> files() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String js : new String[] {"app.js", "api.js", "dom.js", "format.js", "chart.js", "report.js", "page-messages.js",
                "page-message.js", "page-batch.js", "page-lines.js", "page-overview.js", "uPlot.esm.js"}) {
            m.put(js, JS);
        }
        m.put("app.css", CSS);
        m.put("uPlot.min.css", CSS);
        m.put("favicon.svg", "image/svg+xml");
        return Map.copyOf(m);
    }

    /** The dashboard's own files (uPlot's excluded) served under {@code /dashboard/}; a test holds the folder to it. */
    public static Set<String> ownFiles() {
        return FILES.keySet().stream().filter(f -> !f.startsWith("uPlot.")).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/", ctx -> send(ctx, "text/html; charset=utf-8", page));
        routes.get("/dashboard/{file}", ctx -> {
            String file = ctx.pathParam("file");
            String type = FILES.get(file);
            if (type == null) {
                throw new ApiError(404, "NOT_FOUND", "No such file: " + file);
            }
            send(ctx, type, assets.get(file));
        });
    }

    private static void send(Context ctx, String type, byte[] body) {
        headers(ctx);
        // revalidated on every load, so a new release is picked up at once; the files are small
        ctx.header("Cache-Control", "no-cache");
        ctx.status(200).contentType(type).result(body);
    }

    /** The dashboard's security headers. */
    static void headers(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
    }



}
