package ai.tuco.adapters.delivery.phone;

import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.domain.shared.E164Phone;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;

/** Phone parsing with Google's libphonenumber: a leading {@code +} wins, else the workspace's default region. */
public final class LibPhoneNumberNormalizer implements PhoneNormalizer {
    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

    @Override
    public Optional<E164Phone> normalize(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank() || raw.length() > 64) {
            return Optional.empty();
        }
        try {
            PhoneNumber number = util.parse(raw.strip(), defaultRegion);
            if (!util.isPossibleNumber(number)) {
                return Optional.empty();
            }
            // the shape checked once, by the constructor (not isValid first and then the constructor again)
            return Optional.of(new E164Phone(util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164)));
        } catch (NumberParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> regionOfCallingCode(String callingCode) {
        if (callingCode == null) {
            return Optional.empty();
        }
        String digits = callingCode.strip().replaceFirst("^\\+", "");
        if (!digits.matches("[0-9]{1,3}")) {
            return Optional.empty();
        }
        String region = util.getRegionCodeForCountryCode(Integer.parseInt(digits));
        return "ZZ".equals(region) ? Optional.empty() : Optional.of(region);
    }
}
