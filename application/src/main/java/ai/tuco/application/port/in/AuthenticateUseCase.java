package ai.tuco.application.port.in;

import java.util.Optional;

/** Turns a bearer credential into a caller. */
public interface AuthenticateUseCase {
    /** @return empty for an unknown or revoked key */
    Optional<Caller> byApiKey(String secret);
}
