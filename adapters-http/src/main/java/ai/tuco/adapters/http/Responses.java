package ai.tuco.adapters.http;

import io.javalin.http.Context;

/** Writes JSON answers with our mapper, so every body (and a later replay of it) is the same bytes. */
public final class Responses {
    private Responses() {}

    public static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(JsonSupport.bytes(body));
    }
}
