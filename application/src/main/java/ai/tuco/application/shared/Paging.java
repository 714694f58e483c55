package ai.tuco.application.shared;

import ai.tuco.application.shared.port.in.FieldError;
import java.util.List;
import java.util.Optional;

/** Reads page-number and limit query parameters. */
public final class Paging {
    private Paging() {}

    public static int number(Optional<String> raw, String field, int defaultValue, int min, int max, List<FieldError> errors) {
        if (raw.isEmpty() || raw.get().isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(raw.get().strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(field, field + " must be a whole number from " + min + " to " + max));
        return defaultValue;
    }
}
