package ai.tuco.adapters.delivery.phone;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.domain.shared.E164Phone;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LibPhoneNumberNormalizerTest {
    private final LibPhoneNumberNormalizer normalizer = new LibPhoneNumberNormalizer();

    @ParameterizedTest(name = "{0} in {1} -> {2}")
    @CsvSource({
        "'+1 (202) 555-1234', US, +12025551234",
        "'(202) 555-1234',    US, +12025551234",
        "'202.555.1234',      US, +12025551234",
        "'+44 20 7946 0958',  US, +442079460958",
        "'020 7946 0958',     GB, +442079460958",
        "'+91 98765 43210',   GB, +919876543210",
    })
    void possibleNumbers_becomeE164(String raw, String region, String expected) {
        assertThat(normalizer.normalize(raw, region)).contains(new E164Phone(expected));
    }

    @ParameterizedTest(name = "{0} is not a phone")
    @CsvSource({"'hello', US", "'12', US", "'+999 1', US", "'', US", "'+1 202 555 1234 5678 9012', US"})
    void impossibleNumbers_areRefused(String raw, String region) {
        assertThat(normalizer.normalize(raw, region)).isEmpty();
    }
}
