package ai.tuco.application.webhook.port.out;

import java.util.Objects;
import java.util.Optional;

/** The {@code whsec_...} strings that sign a delivery: the current one, and during a rotation the previous one too. */
public record SigningSecrets(String current, Optional<String> previous) {
    public SigningSecrets {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(previous, "previous");
    }

    @Override
    public String toString() {
        return "SigningSecrets[redacted]";
    }
}
