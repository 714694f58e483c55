package ai.tuco.adapters.delivery.phone;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.domain.shared.E164Phone;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LibPhoneNumberNormalizerTest {
    private final LibPhoneNumberNormalizer normalizer = new LibPhoneNumberNormalizer();
    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

    @ParameterizedTest(name = "{0} in {1} -> {2}")
    @CsvSource({
        "'+1 (202) 555-1234', US, +12025551234",
        "'(202) 555-1234',    US, +12025551234",
        "'202.555.1234',      US, +12025551234",
        "'+44 20 7946 0958',  US, +442079460958",
        "'020 7946 0958',     GB, +442079460958",
        "'+91 98765 43210',   GB, +919876543210",
        "'+12025551234',      US, +12025551234",
        "' +447911123456 ',   US, +447911123456",
        "'+4407911123456',    US, +447911123456",
        "'+80012345678',      US, +80012345678",
    })
    void possibleNumbers_becomeE164(String raw, String region, String expected) {
        assertThat(normalizer.normalize(raw, region)).contains(new E164Phone(expected));
    }

    @ParameterizedTest(name = "{0} is not a phone")
    @CsvSource({"'hello', US", "'12', US", "'+999 1', US", "'', US", "'+1 202 555 1234 5678 9012', US",
        "'+1202555123', US", "'+999123456789', US", "'+0123456789', US", "'+1', US"})
    void impossibleNumbers_areRefused(String raw, String region) {
        assertThat(normalizer.normalize(raw, region)).isEmpty();
    }

    @ParameterizedTest(name = "{0} takes the short path")
    @ValueSource(strings = {"+12025551234", "+447911123456", "+4915112345678", "+919876543210", "+33612345678"})
    void e164Input_takesTheShortPath(String raw) {
        assertThat(normalizer.canonical(raw)).isNotNull().contains(new E164Phone(raw));
    }

    /**
     * The short path against libphonenumber's own parse, over a seeded sample of {@code +} and digits for every
     * calling code: national numbers of 0–17 random digits, so leading zeros, national prefixes and every length come
     * up. Both must give the same answer for every input and default region; the short path must also take most of
     * them, or it saves nothing.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 20261204L, 77L})
    void shortPath_answersAsParseDoes(long seed) {
        Random random = new Random(seed);
        List<String> regions = new ArrayList<>(List.of("US", "GB", "DE", "IN", "BR", "ZZ"));
        regions.add(null);
        int inputs = 0;
        int covered = 0;
        List<String> differences = new ArrayList<>();
        for (int callingCode : new TreeSet<>(util.getSupportedCallingCodes())) {
            for (int i = 0; i < 150; i++) {
                StringBuilder raw = new StringBuilder("+").append(callingCode);
                int digits = random.nextInt(18);
                for (int d = 0; d < digits; d++) {
                    raw.append((char) ('0' + random.nextInt(10)));
                }
                String input = raw.toString();
                String region = regions.get(random.nextInt(regions.size()));
                Optional<E164Phone> expected = parseOnly(input, region);
                Optional<E164Phone> actual = normalizer.normalize(input, region);
                inputs++;
                if (normalizer.canonical(input) != null) {
                    covered++;
                }
                if (!expected.equals(actual)) {
                    differences.add(input + " in " + region + ": parse " + expected + ", normalize " + actual);
                }
            }
        }
        assertThat(differences).isEmpty();
        assertThat(covered).as("inputs the short path took, of %d", inputs).isGreaterThan(inputs / 2);
    }

    @Test
    void nanpNumbersWithTheNationalPrefix_goToParse() {
        // +1 1 202...: the NANP national prefix "1" after the calling code; parse decides whether to strip it
        assertThat(normalizer.canonical("+112025551234")).isNull();
        assertThat(normalizer.normalize("+112025551234", "US")).isEqualTo(parseOnly("+112025551234", "US"));
    }

    /** What the normalizer answered before the short path: libphonenumber's parse, possible check and format. */
    private Optional<E164Phone> parseOnly(String raw, String region) {
        try {
            PhoneNumber number = util.parse(raw.strip(), region);
            if (!util.isPossibleNumber(number)) {
                return Optional.empty();
            }
            String e164 = util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
            return E164Phone.isValid(e164) ? Optional.of(new E164Phone(e164)) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
