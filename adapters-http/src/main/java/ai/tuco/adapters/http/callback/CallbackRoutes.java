package ai.tuco.adapters.http.callback;

import ai.tuco.adapters.http.RouteGroup;
import ai.tuco.adapters.http.shared.ApiError;
import ai.tuco.application.callback.port.in.HandleCallbackUseCase;
import ai.tuco.application.callback.port.in.HandleCallbackUseCase.CallbackAnswer;
import ai.tuco.application.callback.port.in.HandleCallbackUseCase.CallbackRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /hooks/{provider}/{lineId}/{path}}: where providers post status callbacks (and, for those that need it, GET).
 * Off the {@code /api} authentication: the line's provider authenticates each request (a signature, or the line's
 * token). The URL the provider called is rebuilt from {@code TUCO_PUBLIC_URL} with the raw path and query, as a
 * signature covers it. Bodies are limited to 1 MiB like every request; an unknown line, provider or path is the bare
 * 404 of any unknown object. The request log prints paths only, never query strings (which may carry the token).
 */
public final class CallbackRoutes implements RouteGroup {
    static final String ROUTE = "/hooks/{provider}/{lineId}/{path}";
    private static final long MAX_BODY = 1024 * 1024;

    private final HandleCallbackUseCase callbacks;
    private final String publicUrl;

    /** @param publicUrl {@code TUCO_PUBLIC_URL} */
    public CallbackRoutes(HandleCallbackUseCase callbacks, String publicUrl) {
        this.callbacks = callbacks;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(ROUTE, this::handle);
        routes.get(ROUTE, this::handle);
    }

    private void handle(Context ctx) {
        if (ctx.req().getContentLengthLong() > MAX_BODY) {
            throw new ApiError(413, "PAYLOAD_TOO_LARGE", "Request body is larger than 1 MiB");
        }
        byte[] body = ctx.bodyAsBytes();
        String rawQuery = ctx.queryString();
        URI publicUri;
        Map<String, List<String>> form;
        Map<String, List<String>> query;
        try {
            publicUri = new URI(publicUrl + ctx.req().getRequestURI() + (rawQuery == null ? "" : "?" + rawQuery));
            query = rawQuery == null ? Map.of() : parseForm(rawQuery);
            form = isForm(ctx.header("Content-Type")) ? parseForm(new String(body, StandardCharsets.UTF_8)) : Map.of();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ApiError(400, "VALIDATION_ERROR", "Malformed callback request");
        }
        CallbackAnswer answer = callbacks.handle(new CallbackRequest(ctx.pathParam("provider"), ctx.pathParam("lineId"),
                ctx.method().name(), publicUri, ctx.pathParam("path"), query, headers(ctx), form, body));
        if (answer.status() == 404) {
            throw new ApiError(404, "NOT_FOUND", "Not found");
        }
        ctx.status(answer.status());
        if (!answer.body().isEmpty()) {
            ctx.contentType(answer.contentType()).result(answer.body());
        } else {
            ctx.contentType(answer.contentType()).result("");
        }
    }

    private static Map<String, List<String>> headers(Context ctx) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            out.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .addAll(Collections.list(ctx.req().getHeaders(name)));
        }
        return out;
    }

    private static boolean isForm(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).strip().startsWith("application/x-www-form-urlencoded");
    }

    /** {@code a=1&b=2&a=3} in order; {@code +} is a space; a malformed escape is an {@link IllegalArgumentException}. */
    static Map<String, List<String>> parseForm(String text) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return out;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }
}
