package ai.tuco.adapters.http.shared;

import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.PageRequest;
import ai.tuco.application.shared.port.in.UseCaseException;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@code page} and {@code limit} query parameters of a numbered listing into a {@link PageRequest}. */
public final class Paging {
    private Paging() {}

    /** @throws UseCaseException INVALID naming each of page and limit that is not a whole number in range */
    public static PageRequest pageRequest(Context ctx) {
        List<FieldError> errors = new ArrayList<>();
        int page = number(ctx.queryParam("page"), "page", 1, PageRequest.MAX_PAGE, errors);
        int limit = number(ctx.queryParam("limit"), "limit", PageRequest.DEFAULT_LIMIT, PageRequest.MAX_LIMIT, errors);
        if (!errors.isEmpty()) {
            throw UseCaseException.invalid(errors);
        }
        return new PageRequest(page, limit);
    }

    /** An absent or empty parameter takes the default; 1 is the least value of both. */
    static int number(String raw, String field, int defaultValue, int max, List<FieldError> errors) {
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(raw.strip());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(field, field + " must be a whole number from 1 to " + max));
        return defaultValue;
    }
}
