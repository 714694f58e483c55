package ai.tuco.adapters.delivery.phone;

import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.domain.shared.E164Phone;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * Phone parsing with Google's libphonenumber: a leading {@code +} wins, else the workspace's default region.
 *
 * <p>Input already in E.164 form ({@code +} and digits only, the form API clients mostly send) takes a short path
 * (ADR 37): {@link PhoneNumberUtil#parse} spends most of its ~4.5 µs on free-text regular expressions (is it a number
 * at all, an extension, where the number starts) whose outcome is fixed for such a string. The short path reads the
 * calling code off the digits, checks that the region's national prefix cannot apply, and leaves the length check to
 * libphonenumber's {@code isPossibleNumber}; any case it does not cover (a calling code shared with no region, a
 * national number starting with 0 or with the national prefix) goes through {@code parse}. A test compares both paths
 * over every calling code.
 */
public final class LibPhoneNumberNormalizer implements PhoneNormalizer {
    /** {@code +}, a calling code (1–3 digits) and a national number of at most 17 digits (libphonenumber's maximum). */
    private static final int MAX_CANONICAL_LENGTH = 1 + 3 + 17;
    /** No national prefix: never matches. */
    private static final Pattern NEVER = Pattern.compile("(?!)");
    /** A calling code this path leaves to {@code parse}: matches every national number. */
    private static final Pattern ALWAYS = Pattern.compile("");

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final MetadataSource metadata =
            DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
    private final Set<Integer> callingCodes = util.getSupportedCallingCodes();
    /** A region's national prefix for parsing by calling code, {@link #NEVER} when it has none, or {@link #ALWAYS}. */
    private final ConcurrentMap<Integer, Pattern> nationalPrefixes = new ConcurrentHashMap<>();

    @Override
    public Optional<E164Phone> normalize(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank() || raw.length() > 64) {
            return Optional.empty();
        }
        String stripped = raw.strip();
        Optional<E164Phone> canonical = canonical(stripped);
        if (canonical != null) {
            return canonical;
        }
        try {
            PhoneNumber number = util.parse(stripped, defaultRegion);
            if (!util.isPossibleNumber(number)) {
                return Optional.empty();
            }
            // the shape checked once, by the constructor (not isValid first and then the constructor again)
            return Optional.of(new E164Phone(util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164)));
        } catch (NumberParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The answer {@code parse} would lead to for {@code +} and digits, or {@code null} when this path does not cover
     * the input. Outside this path's cases {@code parse} may strip a national prefix, keep an Italian leading zero or
     * refuse the calling code, so those go to it.
     */
    @SuppressWarnings("java:S2789") // null means "not covered", an empty Optional means "not a phone"
    Optional<E164Phone> canonical(String s) {
        int length = s.length();
        if (length < 4 || length > MAX_CANONICAL_LENGTH || s.charAt(0) != '+' || s.charAt(1) == '0') {
            return null;
        }
        for (int i = 1; i < length; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        int callingCode = 0;
        int end = 1;
        while (end <= 3) {
            callingCode = callingCode * 10 + (s.charAt(end) - '0');
            end++;
            if (callingCodes.contains(callingCode)) {
                break;
            }
        }
        if (!callingCodes.contains(callingCode) || length - end < 2 || s.charAt(end) == '0') {
            return null;
        }
        Pattern nationalPrefix = nationalPrefixes.computeIfAbsent(callingCode, this::nationalPrefixForParsing);
        if (nationalPrefix.matcher(s).region(end, length).lookingAt()) {
            return null;
        }
        PhoneNumber number = new PhoneNumber()
                .setCountryCode(callingCode)
                .setNationalNumber(Long.parseLong(s, end, length, 10));
        try {
            return util.isPossibleNumber(number) ? Optional.of(new E164Phone(s)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // possible for the region, yet outside E.164's 7-15 digits
        }
    }

    /** {@link #ALWAYS} for a calling code of no single region (non-geographic ones such as +800): parse takes those. */
    private Pattern nationalPrefixForParsing(int callingCode) {
        String region = util.getRegionCodeForCountryCode(callingCode);
        PhoneMetadata regionMetadata = PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region)
                ? null : metadata.getMetadataForRegion(region);
        if (regionMetadata == null) {
            return ALWAYS;
        }
        String prefix = regionMetadata.getNationalPrefixForParsing();
        return prefix.isEmpty() ? NEVER : Pattern.compile(prefix);
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
