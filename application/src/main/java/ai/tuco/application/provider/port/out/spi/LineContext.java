package ai.tuco.application.provider.port.out.spi;

import ai.tuco.domain.line.Line;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A line as its provider sees it: the line, its opened configuration (secrets included: never log or echo this
 * record's {@code config}), and where the provider should call back.
 *
 * @param callbackBase  {@code {TUCO_PUBLIC_URL}/hooks/{provider}/{lineId}}; a provider appends its own path
 *                      (e.g. {@code /status}) and query
 * @param callbackToken an unguessable per-line token for providers that cannot sign their callbacks (sent as the
 *                      {@code token} query parameter and checked by {@link Callbacks} in constant time)
 */
public record LineContext(Line line, Map<String, String> config, URI callbackBase, String callbackToken) {
    public LineContext {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(callbackBase, "callbackBase");
        Objects.requireNonNull(callbackToken, "callbackToken");
        config = Map.copyOf(config);
    }

    public Optional<String> get(String field) {
        return Optional.ofNullable(config.get(field));
    }

    public String require(String field) {
        String v = config.get(field);
        if (v == null) {
            throw new IllegalStateException("the line's providerConfig has no " + field);
        }
        return v;
    }

    /** The line's configuration is a secret as a whole: never print it. */
    @Override
    public String toString() {
        return "LineContext[line=" + line.id().value() + ", provider=" + line.provider() + "]";
    }
}
