package ai.tuco.adapters.http.shared;

import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request body read as a JSON object, with typed accessors that collect one error per mistyped field instead of
 * failing on the first. Explicit {@code null} counts as absent; the use case decides what is required.
 */
public final class JsonBody {
    private final ObjectNode root;
    private final List<FieldError> errors = new ArrayList<>();

    private JsonBody(ObjectNode root) {
        this.root = root;
    }

    /** @throws ApiError 400 for an empty, malformed, too deep or non-object body */
    public static JsonBody read(Context ctx) {
        return read(ctx, MAX_BODY);
    }

    /** A request body's limit, but for the bulk accept's. */
    public static final int MAX_BODY = 1024 * 1024;

    /** @throws ApiError 413 for a body over {@code maxBytes}; 400 as {@link #read(Context)} */
    public static JsonBody read(Context ctx, int maxBytes) {
        if (ctx.contentLength() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        byte[] bytes = maxBytes > MAX_BODY ? bytes(ctx, maxBytes) : ctx.bodyAsBytes();
        if (bytes.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        if (bytes.length == 0) {
            throw ApiError.validation("body", "request body must be a JSON object");
        }
        JsonNode node;
        try {
            node = JsonSupport.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw ApiError.validation("body", describe(e));
        } catch (IOException e) {
            throw ApiError.validation("body", "unreadable request body");
        }
        if (node == null || !node.isObject()) {
            throw ApiError.validation("body", "request body must be a JSON object");
        }
        return new JsonBody((ObjectNode) node);
    }

    private static final String LARGE_BODY = "tuco.largeBody";

    /**
     * A body allowed past Javalin's 1 MiB ({@code maxBytes} at most, one byte more shows it is over), read from the
     * request stream once and kept on the request for every later reader (the Idempotency-Key fingerprint).
     */
    public static byte[] bytes(Context ctx, int maxBytes) {
        byte[] read = ctx.attribute(LARGE_BODY);
        if (read == null) {
            try {
                read = ctx.req().getInputStream().readNBytes(maxBytes + 1);
            } catch (IOException e) {
                throw ApiError.validation("body", "unreadable request body");
            }
            ctx.attribute(LARGE_BODY, read);
        }
        return read;
    }

    private static ApiError tooLarge(int maxBytes) {
        return new ApiError(413, "PAYLOAD_TOO_LARGE", "Request body is larger than " + (maxBytes >> 20) + " MiB");
    }

    /**
     * Says what is wrong and where, never quoting the body: a malformed document may hold a credential, and the parser's
     * own message would echo the offending token back.
     */
    private static String describe(JacksonException e) {
        String what;
        if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
            what = "JSON nested too deeply, or a number or string too long";
        } else if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
            what = "duplicate key in JSON object";
        } else {
            what = "malformed JSON";
        }
        var at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? what : what + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** Reads one object of an array as a body of its own, with its own errors. */
    public static JsonBody of(ObjectNode node) {
        return new JsonBody(node);
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    /** A whole number (longs only; fractions and huge numbers are reported). */
    public Optional<Long> integer(String field) {
        return node(field).flatMap(n -> {
            if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                errors.add(new FieldError(field, field + " must be a whole number"));
                return Optional.empty();
            }
            return Optional.of(n.longValue());
        });
    }

    public Optional<List<String>> stringArray(String field) {
        return node(field).flatMap(n -> {
            if (!n.isArray() || n.size() > 1000) {
                errors.add(new FieldError(field, field + " must be an array of strings"));
                return Optional.empty();
            }
            List<String> values = new ArrayList<>();
            for (JsonNode e : n) {
                if (!e.isTextual() || hasNul(e.textValue())) {
                    errors.add(new FieldError(field, field + " must be an array of strings"));
                    return Optional.empty();
                }
                values.add(e.textValue());
            }
            return Optional.of(values);
        });
    }

    /** An object whose values are strings, numbers or booleans (numbers as Long or Double). */
    public Optional<java.util.Map<String, Object>> scalarObject(String field) {
        return node(field).flatMap(n -> {
            if (!n.isObject()) {
                errors.add(new FieldError(field, field + " must be an object"));
                return Optional.empty();
            }
            java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
            var it = n.fields();
            while (it.hasNext()) {
                var e = it.next();
                JsonNode v = e.getValue();
                if (hasNul(e.getKey()) || v.isTextual() && hasNul(v.textValue())) {
                    errors.add(new FieldError(field, field + " must not contain the NUL character (\\u0000)"));
                } else if (v.isTextual()) {
                    values.put(e.getKey(), v.textValue());
                } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                    values.put(e.getKey(), v.longValue());
                } else if (v.isNumber()) {
                    values.put(e.getKey(), v.doubleValue());
                } else if (v.isBoolean()) {
                    values.put(e.getKey(), v.booleanValue());
                } else if (!v.isNull()) {
                    errors.add(new FieldError(field + "." + e.getKey(), field + "." + e.getKey() + " must be a string, number or boolean"));
                }
            }
            return Optional.of(values);
        });
    }

    /** The array's entries: objects as bodies of their own, anything else as empty (for the caller to report by index). */
    public Optional<List<Optional<JsonBody>>> objectArray(String field, int max) {
        return node(field).flatMap(n -> {
            if (!n.isArray()) {
                errors.add(new FieldError(field, field + " must be an array"));
                return Optional.empty();
            }
            if (n.size() > max) {
                errors.add(new FieldError(field, field + " holds at most " + max + " entries"));
                return Optional.empty();
            }
            List<Optional<JsonBody>> entries = new ArrayList<>();
            for (JsonNode e : n) {
                entries.add(e.isObject() ? Optional.of(new JsonBody((ObjectNode) e)) : Optional.empty());
            }
            return Optional.of(entries);
        });
    }

    /** PostgreSQL text and jsonb cannot store U+0000. */
    private static boolean hasNul(String s) {
        return s.indexOf('\u0000') >= 0;
    }

    private Optional<JsonNode> node(String field) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
    }

    public Optional<String> string(String field) {
        return node(field).flatMap(n -> {
            if (!n.isTextual()) {
                errors.add(new FieldError(field, field + " must be a string"));
                return Optional.empty();
            }
            if (hasNul(n.textValue())) {
                // PostgreSQL text cannot store U+0000: refuse it here rather than fail the insert with a 500
                errors.add(new FieldError(field, field + " must not contain the NUL character (\\u0000)"));
                return Optional.empty();
            }
            return Optional.of(n.textValue());
        });
    }

    public Optional<Boolean> bool(String field) {
        return node(field).flatMap(n -> {
            if (!n.isBoolean()) {
                errors.add(new FieldError(field, field + " must be true or false"));
                return Optional.empty();
            }
            return Optional.of(n.booleanValue());
        });
    }

    /** An array of integers and strings (entries of any other type are reported). */
    public Optional<List<Object>> scalarArray(String field) {
        return node(field).flatMap(n -> {
            if (!n.isArray()) {
                errors.add(new FieldError(field, field + " must be an array"));
                return Optional.empty();
            }
            if (n.size() > 100) {
                errors.add(new FieldError(field, field + " has too many entries"));
                return Optional.empty();
            }
            List<Object> values = new ArrayList<>();
            for (JsonNode e : n) {
                if (e.isIntegralNumber()) {
                    values.add(e.bigIntegerValue());
                } else if (e.isTextual()) {
                    values.add(e.textValue());
                } else {
                    errors.add(new FieldError(field, field + " entries must be whole numbers or day names"));
                    return Optional.empty();
                }
            }
            return Optional.of(values);
        });
    }

    /** @throws UseCaseException VALIDATION_ERROR when any accessor found a mistyped field */
    public void requireWellTyped() {
        if (!errors.isEmpty()) {
            throw UseCaseException.invalid(errors);
        }
    }
}
