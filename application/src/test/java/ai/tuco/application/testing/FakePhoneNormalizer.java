package ai.tuco.application.testing;

import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.domain.shared.E164Phone;
import java.util.Map;
import java.util.Optional;

/** Reads North American (US, 10 digits) and British (GB, 0 + 10 digits) numbers, or any +digits; enough for tests. */
public final class FakePhoneNormalizer implements PhoneNormalizer {
    private static final Map<String, String> REGIONS = Map.of("1", "US", "44", "GB");

    @Override
    public Optional<E164Phone> normalize(String raw, String defaultRegion) {
        if (!raw.matches("[0-9()+.\\s-]+")) {
            return Optional.empty();
        }
        String digits = raw.replaceAll("[^0-9]", "");
        String e164;
        if (raw.strip().startsWith("+")) {
            e164 = "+" + digits;
        } else if ("US".equals(defaultRegion) && digits.length() == 10) {
            e164 = "+1" + digits;
        } else if ("GB".equals(defaultRegion) && digits.length() == 11 && digits.startsWith("0")) {
            e164 = "+44" + digits.substring(1);
        } else {
            return Optional.empty();
        }
        return E164Phone.isValid(e164) && e164.length() >= 11 ? Optional.of(new E164Phone(e164)) : Optional.empty();
    }

    @Override
    public Optional<String> regionOfCallingCode(String callingCode) {
        return Optional.ofNullable(REGIONS.get(callingCode.strip().replaceFirst("^\\+", "")));
    }
}
