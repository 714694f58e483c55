package ai.tuco.adapters.delivery.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TwilioSignature} against published vectors:
 * <ul>
 *   <li>Twilio's own worked example, "Secure webhooks" / "Validating signatures from Twilio",
 *       https://www.twilio.com/docs/usage/webhooks/webhooks-security (formerly
 *       https://www.twilio.com/docs/usage/security#validating-requests): token {@code 12345}, URL
 *       {@code https://mycompany.com/myapp.php?foo=1&bar=2}, five call parameters, signature
 *       {@code 0/KCTR6DLpKmkAf8muzZqo1nDgQ=}.</li>
 *   <li>The helper libraries' tests: twilio/twilio-java {@code src/test/java/com/twilio/security/RequestValidatorTest.java}
 *       and twilio/twilio-python {@code tests/unit/test_request_validator.py} (same token, URL and parameters with
 *       {@code +14158675309}; the port removed and added, on https and http; repeated parameters, python only).</li>
 * </ul>
 */
class TwilioSignatureTest {
    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

    private static Map<String, List<String>> params(String... nameValues) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            out.computeIfAbsent(nameValues[i], k -> new ArrayList<>()).add(nameValues[i + 1]);
        }
        return out;
    }

    /** The docs' example (its Caller and From are +12349013030). */
    private static final Map<String, List<String>> DOCS = params("CallSid", "CA1234567890ABCDE", "Caller", "+12349013030",
            "Digits", "1234", "From", "+12349013030", "To", "+18005551212");

    /** The libraries' example, given in another order on purpose: the signature sorts by name. */
    private static final Map<String, List<String>> LIBS = params("To", "+18005551212", "Digits", "1234",
            "CallSid", "CA1234567890ABCDE", "From", "+14158675309", "Caller", "+14158675309");

    @Test
    void twilioDocsExample_compute_isTheDocumentedSignature() {
        assertThat(TwilioSignature.compute(TOKEN, URL, DOCS)).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
        assertThat(TwilioSignature.isValid(TOKEN, URL, DOCS, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).isTrue();
    }

    static Stream<Arguments> libraryVectors() {
        return Stream.of(
                // test_compute_signature / testValidate
                Arguments.of("as called", URL, "RSOYDt4T1cUTdK1PDd93/VVr8B8=", true),
                // testFailsWhenIncorrect
                Arguments.of("wrong signature", URL, "NOTRSOYDt4T1cUTdK1PDd93/VVr8B8=", false),
                // test_validation_removes_port_on_https / testValidateRemovesPortHttps
                Arguments.of("https, port removed", URL.replace(".com", ".com:1234"), "RSOYDt4T1cUTdK1PDd93/VVr8B8=", true),
                // test_validation_removes_port_on_http / testValidateRemovesPortHttp (signed with its port 1234)
                Arguments.of("http with its port", URL.replace(".com", ".com:1234").replace("https", "http"),
                        "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=", true),
                // test_validation_adds_port_on_https / testValidateAddsPortHttps
                Arguments.of("https, 443 added", URL, "kvajT1Ptam85bY51eRf/AJRuM3w=", true),
                // test_validation_adds_port_on_http / testValidateAddsPortHttp
                Arguments.of("http, 80 added", URL.replace("https", "http"), "0ZXoZLH/DfblKGATFgpif+LLRf4=", true),
                // the http URL's signature does not pass for the https URL
                Arguments.of("another scheme", URL, "0ZXoZLH/DfblKGATFgpif+LLRf4=", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libraryVectors")
    void helperLibraryVectors(String name, String url, String signature, boolean valid) {
        assertThat(TwilioSignature.isValid(TOKEN, url, LIBS, signature)).isEqualTo(valid);
    }

    /** twilio-python test_compute_signature_duplicate_multi_dict: names sorted, values sorted, duplicates once. */
    @Test
    void repeatedParameters_compute_sortsAndDeduplicatesValues() {
        Map<String, List<String>> repeated = params("Sid", "CA123", "SidAccount", "AC123", "Digits", "5678", "Digits", "1234",
                "Digits", "1234");
        assertThat(TwilioSignature.compute(TOKEN, URL, repeated)).isEqualTo("IK+Dwps556ElfBT0I3Rgjkr1wJU=");
    }

    @Test
    void anyChange_isValid_refuses() {
        String good = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";
        Map<String, List<String>> tampered = new LinkedHashMap<>(DOCS);
        tampered.put("Digits", List.of("9999"));
        Map<String, List<String>> extra = new LinkedHashMap<>(DOCS);
        extra.put("Body", List.of("hi"));
        assertThat(TwilioSignature.isValid(TOKEN, URL, tampered, good)).isFalse();
        assertThat(TwilioSignature.isValid(TOKEN, URL, extra, good)).isFalse();
        assertThat(TwilioSignature.isValid("54321", URL, DOCS, good)).isFalse();
        assertThat(TwilioSignature.isValid(TOKEN, URL.replace("foo=1", "foo=2"), DOCS, good)).isFalse();
        assertThat(TwilioSignature.isValid(TOKEN, URL, DOCS, "")).isFalse();
        assertThat(TwilioSignature.isValid(TOKEN, URL, DOCS, null)).isFalse();
        assertThat(TwilioSignature.isValid(TOKEN, URL, DOCS, good.substring(1))).isFalse();
    }

    @Test
    void ports_withAndWithout_keepEveryOtherPartAsSent() {
        String encoded = "https://user@tuco.example.com:8443/hooks/a%2Fb/status?m=1&x=%2B1#f";
        assertThat(TwilioSignature.withoutPort(encoded)).isEqualTo("https://user@tuco.example.com/hooks/a%2Fb/status?m=1&x=%2B1#f");
        assertThat(TwilioSignature.withPort(encoded)).isEqualTo(encoded);
        assertThat(TwilioSignature.withPort("http://[::1]/x?y")).isEqualTo("http://[::1]:80/x?y");
        assertThat(TwilioSignature.withoutPort("not a url")).isEqualTo("not a url");
    }

    static IntStream seeds() {
        return IntStream.range(0, 25);
    }

    /** Seeded random requests: what is signed verifies, and a one-character change to any part does not. */
    @ParameterizedTest
    @MethodSource("seeds")
    void randomRequests_signedThenChanged_onlyTheSignedOneVerifies(int seed) {
        Random random = new Random(seed);
        String token = word(random, 32);
        String url = "https://" + word(random, 8) + ".example.com/hooks/twilio/" + word(random, 24) + "/status?m=" + word(random, 24);
        Map<String, List<String>> form = new LinkedHashMap<>();
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            form.put(word(random, 1 + random.nextInt(12)), List.of(text(random)));
        }
        String signature = TwilioSignature.compute(token, url, form);
        assertThat(TwilioSignature.isValid(token, url, form, signature)).isTrue();
        String name = form.keySet().iterator().next();
        Map<String, List<String>> changed = new LinkedHashMap<>(form);
        changed.put(name, List.of(form.get(name).get(0) + "x"));
        assertThat(TwilioSignature.isValid(token, url, changed, signature)).isFalse();
        assertThat(TwilioSignature.isValid(token + "x", url, form, signature)).isFalse();
        assertThat(TwilioSignature.isValid(token, url + "x", form, signature)).isFalse();
    }

    private static String word(Random random, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".charAt(random.nextInt(62)));
        }
        return b.toString();
    }

    private static String text(Random random) {
        String[] pieces = {"a", "Z", " ", "+", "=", "&", "é", "€", "😀", "\n", "1"};
        StringBuilder b = new StringBuilder();
        for (int i = random.nextInt(10); i >= 0; i--) {
            b.append(pieces[random.nextInt(pieces.length)]);
        }
        return b.toString();
    }
}
