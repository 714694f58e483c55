package ai.tuco.application.shared.port.in;

import java.util.List;

/**
 * A request the use case refuses, with the wire error code the contract gives it. Adapters map {@link Kind}
 * to their own status codes once.
 */
public class UseCaseException extends RuntimeException {
    /** What went wrong, in the contract's terms. */
    public enum Kind {
        INVALID, FORBIDDEN, NOT_FOUND, CONFLICT, READ_ONLY,
        /** Well formed, but refused in its context (an Idempotency-Key reused with another request). */
        UNPROCESSABLE
    }

    private final Kind kind;
    private final String code;
    private final List<FieldError> details;

    public UseCaseException(Kind kind, String code, String message, List<FieldError> details) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.details = List.copyOf(details);
    }

    public static UseCaseException invalid(String field, String message) {
        return new UseCaseException(Kind.INVALID, "VALIDATION_ERROR", message, List.of(new FieldError(field, message)));
    }

    public static UseCaseException invalid(List<FieldError> details) {
        String text = details.size() == 1 ? details.get(0).message() : "Request has " + details.size() + " invalid fields";
        return new UseCaseException(Kind.INVALID, "VALIDATION_ERROR", text, details);
    }

    public static UseCaseException notFound(String what) {
        return new UseCaseException(Kind.NOT_FOUND, "NOT_FOUND", what + " not found", List.of());
    }

    public static UseCaseException forbidden(String message) {
        return new UseCaseException(Kind.FORBIDDEN, "FORBIDDEN", message, List.of());
    }

    public static UseCaseException readOnly() {
        return new UseCaseException(Kind.READ_ONLY, "READ_ONLY", "READ_ONLY", List.of());
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public List<FieldError> details() {
        return details;
    }
}
