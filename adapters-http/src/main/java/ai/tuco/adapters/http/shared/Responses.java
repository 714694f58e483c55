package ai.tuco.adapters.http.shared;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes JSON answers with our mapper, so every body (and a later replay of it) is the same bytes. */
public final class Responses {
    private Responses() {}

    /** The bytes of the answer, kept so an Idempotency-Key can replay them exactly. */
    public static final String BODY_ATTRIBUTE = "tuco.responseBody";

    public static void json(Context ctx, int status, Object body) {
        bytes(ctx, status, JsonSupport.bytes(body));
    }

    public static void bytes(Context ctx, int status, byte[] body) {
        ctx.attribute(BODY_ATTRIBUTE, body);
        ctx.status(status).contentType("application/json").result(body);
    }

    /** {@code {"success": true, key: items, "pagination": {page, limit, totalCount, totalPages}}}. */
    public static Map<String, Object> page(String key, List<?> items, int page, int limit, long totalCount, long totalPages) {
        Map<String, Object> pagination = new LinkedHashMap<>();
        pagination.put("page", page);
        pagination.put("limit", limit);
        pagination.put("totalCount", totalCount);
        pagination.put("totalPages", totalPages);
        Map<String, Object> body = ok(key, items);
        body.put("pagination", pagination);
        return body;
    }

    /** {@code {"success": true, key: value}}, keys in that order. */
    public static Map<String, Object> ok(String key, Object value) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put(key, value);
        return body;
    }
}
