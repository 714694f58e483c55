package ai.tuco.application.shared.port.out;

import ai.tuco.domain.shared.E164Phone;
import java.util.Optional;

/** Reads a phone number as typed (with a leading {@code +}, else in the given region) into E.164. */
public interface PhoneNormalizer {
    /**
     * @param defaultRegion ISO 3166-1 alpha-2 code used when {@code raw} has no leading {@code +}
     * @return empty when {@code raw} is not a possible number
     */
    Optional<E164Phone> normalize(String raw, String defaultRegion);

    /** The main region of a calling code such as "+1" or "44" (US, GB); empty when there is none. */
    Optional<String> regionOfCallingCode(String callingCode);
}
