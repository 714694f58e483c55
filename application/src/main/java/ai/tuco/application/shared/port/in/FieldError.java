package ai.tuco.application.shared.port.in;

/** One broken rule: the JSON path of the field and what is wrong with it. */
public record FieldError(String field, String message) {}
