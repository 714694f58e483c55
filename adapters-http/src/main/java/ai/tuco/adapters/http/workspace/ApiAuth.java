package ai.tuco.adapters.http.workspace;

import ai.tuco.adapters.http.HttpServer;
import ai.tuco.adapters.http.RouteGroup;
import ai.tuco.adapters.http.shared.ApiError;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.workspace.port.in.AuthenticateUseCase;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checks every {@code /api/**} request passes before its handler, in the contract's order: 401 (credential),
 * then 413 / 415 (body), then 402 (a write in a read-only workspace). Validation (400), lookups (404) and state
 * conflicts (409) follow in the handlers.
 */
public final class ApiAuth implements RouteGroup {
    static final String CALLER_ATTRIBUTE = "tuco.caller";
    static final long MAX_BODY = 1024 * 1024;
    /** Splits an Authorization header into scheme and credential (compiled once: String.split compiles per call). */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final AuthenticateUseCase authenticate;
    private final Optional<ClerkTokenVerifier> clerk;

    /** @param clerk verifies Clerk session tokens; empty when Clerk is not configured */
    public ApiAuth(AuthenticateUseCase authenticate, Optional<ClerkTokenVerifier> clerk) {
        this.authenticate = authenticate;
        this.clerk = clerk;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.before("/api/*", this::before);
    }

    void before(Context ctx) {
        Caller caller = authenticate(ctx.header("Authorization"))
                .orElseThrow(() -> new ApiError(401, "UNAUTHORIZED", "Missing, malformed, unknown or revoked credential"));
        ctx.attribute(CALLER_ATTRIBUTE, caller);
        boolean write = ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD;
        if (write) {
            checkBody(ctx);
            if (caller.workspace().isReadOnly()) {
                throw new ApiError(402, "READ_ONLY", "READ_ONLY", java.util.List.of(), java.util.Map.of("reason", "past_due"));
            }
        }
    }

    private Optional<Caller> authenticate(String header) {
        if (header == null || header.length() > 4096) {
            return Optional.empty();
        }
        String[] parts = WHITESPACE.split(header.strip(), 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            return Optional.empty();
        }
        String credential = parts[1].strip();
        if (credential.startsWith("tuco_")) {
            return authenticate.byApiKey(credential);
        }
        return clerk.flatMap(v -> v.verify(credential))
                .filter(claims -> claims.organizationId().isPresent())
                .flatMap(claims -> authenticate.byClerk(new AuthenticateUseCase.ClerkIdentity(
                        claims.userId(), claims.organizationId().get(), claims.organizationSlug(),
                        claims.isOrganizationAdmin())));
    }

    private static void checkBody(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (ctx.path().equals(HttpServer.BULK_PATH) ? length > HttpServer.MAX_BULK_BODY : length > MAX_BODY) {
            throw new ApiError(413, "PAYLOAD_TOO_LARGE", "Request body is larger than "
                    + (ctx.path().equals(HttpServer.BULK_PATH) ? "16" : "1") + " MiB");
        }
        boolean hasBody = length > 0 || ctx.header("Transfer-Encoding") != null;
        if (hasBody && !isJson(ctx.header("Content-Type"))) {
            throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Request body must be application/json");
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    /** The caller the filter authenticated; only valid inside /api routes. */
    public static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER_ATTRIBUTE);
        if (caller == null) {
            throw new ApiError(401, "UNAUTHORIZED", "Missing credential");
        }
        return caller;
    }

    /** The audit actor of this request: its caller, seen from the client's IP under the request's correlation id. */
    public static ai.tuco.domain.shared.Actor actor(Context ctx) {
        return caller(ctx).actor(ctx.ip(), HttpServer.correlationId(ctx));
    }
}
