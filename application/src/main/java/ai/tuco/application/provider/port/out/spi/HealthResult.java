package ai.tuco.application.provider.port.out.spi;

import java.util.Objects;
import java.util.Optional;

/** A line's health as its provider checked it; {@code reason} is ours, never a provider's response body. */
public record HealthResult(boolean healthy, Optional<String> reason) {
    public HealthResult {
        Objects.requireNonNull(reason, "reason");
    }

    public static HealthResult ok() {
        return new HealthResult(true, Optional.empty());
    }

    public static HealthResult unhealthy(String reason) {
        return new HealthResult(false, Optional.of(reason));
    }
}
