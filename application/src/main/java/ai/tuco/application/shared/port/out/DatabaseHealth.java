package ai.tuco.application.shared.port.out;

import java.util.Optional;

/** Tells whether the database answers; the reason when it does not. */
public interface DatabaseHealth {
    /** @return empty when healthy, else a short reason safe to show to a caller */
    Optional<String> problem();
}
