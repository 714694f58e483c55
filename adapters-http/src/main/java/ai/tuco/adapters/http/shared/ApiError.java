package ai.tuco.adapters.http.shared;

import ai.tuco.application.shared.port.in.FieldError;
import java.util.List;
import java.util.Map;

/** An error answer of the contract: HTTP status, code, human text, field details and any extra body fields. */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final List<FieldError> details;
    private final Map<String, Object> extra;

    public ApiError(int status, String code, String message, List<FieldError> details, Map<String, Object> extra) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
        this.extra = Map.copyOf(extra);
    }

    public ApiError(int status, String code, String message) {
        this(status, code, message, List.of(), Map.of());
    }

    public static ApiError validation(String field, String message) {
        return new ApiError(400, "VALIDATION_ERROR", message, List.of(new FieldError(field, message)), Map.of());
    }

    public static ApiError notFound() {
        return new ApiError(404, "NOT_FOUND", "Not found");
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldError> details() {
        return details;
    }

    public Map<String, Object> extra() {
        return extra;
    }
}
