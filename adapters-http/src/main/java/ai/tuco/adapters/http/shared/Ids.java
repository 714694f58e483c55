package ai.tuco.adapters.http.shared;

import ai.tuco.domain.shared.ObjectIds;
import java.util.function.Function;

/** Reads an id from a path into its value type; a malformed id is answered like an unknown one. */
public final class Ids {
    private Ids() {}

    /**
     * @param what the thing's name in the error, e.g. "Message" for "Message not found"
     * @throws ApiError 404 NOT_FOUND, the same answer as the use case's {@code UseCaseException.notFound(what)}
     */
    public static <T> T parse(String raw, Function<String, T> make, String what) {
        if (raw == null || !ObjectIds.isValid(raw)) {
            throw new ApiError(404, "NOT_FOUND", what + " not found");
        }
        return make.apply(raw);
    }
}
