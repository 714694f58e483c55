package ai.tuco.adapters.http;

import ai.tuco.adapters.http.shared.ApiError;
import ai.tuco.adapters.http.shared.JsonBody;
import ai.tuco.adapters.http.shared.Responses;
import ai.tuco.adapters.http.workspace.ApiAuth;
import ai.tuco.application.idempotency.port.in.IdempotencyUseCase.Decision;
import ai.tuco.application.idempotency.port.in.IdempotencyUseCase;
import ai.tuco.domain.shared.WorkspaceId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * {@code Idempotency-Key} on every POST: runs after authentication, so keys are per workspace. The first request
 * runs and its answer is stored; repeats get it back byte for byte with {@code Idempotent-Replayed: true}. Server
 * errors are not stored, so a retry after one runs again. {@code POST /api/messages} is the exception: the accept
 * claims its key and stores its answer in the transaction that writes the message, so no crash can separate them.
 */
public final class IdempotencyKeys implements RouteGroup {
    public static final String HEADER = "Idempotency-Key";
    private static final String HELD = "tuco.idempotencyKey";
    private static final String CHECKED = "tuco.idempotencyKeyChecked";
    private static final int MAX_KEY = 255;
    private static final String ACCEPT_PATH = "/api/messages";

    private final IdempotencyUseCase idempotency;

    public IdempotencyKeys(IdempotencyUseCase idempotency) {
        this.idempotency = idempotency;
    }

    /** Thrown from the before-filter to answer with a stored response instead of running the handler. */
    static final class Replayed extends RuntimeException {
        final int status;
        final byte[] body;

        Replayed(int status, byte[] body) {
            super(null, null, false, false);
            this.status = status;
            this.body = body;
        }
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.before("/api/*", this::before);
        routes.after("/api/*", this::after);
        routes.exception(Replayed.class, (e, ctx) -> {
            ctx.header("Idempotent-Replayed", "true");
            Responses.bytes(ctx, e.status, e.body);
        });
    }

    private void before(Context ctx) {
        String key = ctx.header(HEADER);
        if (key == null || ctx.method() != HandlerType.POST) {
            return;
        }
        if (key.isBlank() || key.length() > MAX_KEY) {
            throw ApiError.validation(HEADER, HEADER + " must be 1 to " + MAX_KEY + " characters");
        }
        WorkspaceId workspace = ApiAuth.caller(ctx).workspace().id();
        // an accept claims its key and stores its 201 in the transaction that writes the message (ADR 22): here it is
        // only checked for an answer to replay
        boolean accept = ctx.path().equals(ACCEPT_PATH);
        Decision decision = accept ? idempotency.check(workspace, key, fingerprint(ctx)) : idempotency.begin(workspace, key, fingerprint(ctx));
        if (decision instanceof Decision.Replay r) {
            throw new Replayed(r.status(), r.body());
        }
        if (decision instanceof Decision.Mismatch) {
            throw new ApiError(422, "IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used with a different request");
        }
        if (decision instanceof Decision.InProgress) {
            throw new ApiError(409, "IDEMPOTENCY_IN_PROGRESS",
                    "A request with this Idempotency-Key is still being processed; retry shortly");
        }
        ctx.attribute(accept ? CHECKED : HELD, key);
    }

    private void after(Context ctx) {
        String checked = ctx.attribute(CHECKED);
        if (checked != null) {
            // a refused accept wrote nothing: its answer is stored here, so a retry gets it back as any other
            int status = ctx.status().getCode();
            byte[] body = ctx.attribute(Responses.BODY_ATTRIBUTE);
            if (status >= 400 && status < 500 && status != 409 && status != 422 && body != null) {
                idempotency.remember(ApiAuth.caller(ctx).workspace().id(), checked, fingerprint(ctx), status, body);
            }
            return;
        }
        String key = ctx.attribute(HELD);
        if (key == null) {
            return;
        }
        WorkspaceId workspace = ApiAuth.caller(ctx).workspace().id();
        byte[] body = ctx.attribute(Responses.BODY_ATTRIBUTE);
        int status = ctx.status().getCode();
        if (status >= 500 || body == null) {
            idempotency.abandon(workspace, key);
        } else {
            idempotency.complete(workspace, key, status, body);
        }
    }

    /** The request's fingerprint: method, path and body. */
    public static byte[] fingerprint(Context ctx) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((ctx.method() + " " + ctx.path() + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(ctx.path().equals(HttpServer.BULK_PATH) ? JsonBody.bytes(ctx, HttpServer.MAX_BULK_BODY) : ctx.bodyAsBytes());
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
