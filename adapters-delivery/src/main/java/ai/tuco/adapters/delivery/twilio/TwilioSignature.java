package ai.tuco.adapters.delivery.twilio;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's {@code X-Twilio-Signature}, checked as its helper libraries' {@code RequestValidator} does (twilio-python
 * {@code twilio/request_validator.py}, twilio-java {@code com.twilio.security.RequestValidator}): base64 of HMAC-SHA1,
 * keyed by the account's auth token, over the full URL Twilio called (query included) followed by every POST
 * parameter's name and value, names sorted; a repeated name contributes each distinct value, sorted (as twilio-python
 * does for multi-dicts). Because Twilio is not consistent about the port it signs, the URL is tried without its port
 * and with it (the scheme's default port added when it has none). Compared in constant time.
 */
public final class TwilioSignature {
    private static final String HMAC_SHA1 = "HmacSHA1";
    /** Sorts by code point, as Python's {@code sorted} does (String's natural order differs above U+FFFF). */
    private static final Comparator<String> BY_CODE_POINT = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private TwilioSignature() {}

    /** Whether {@code signature} is Twilio's for this request, with the URL as called, without its port or with it. */
    public static boolean isValid(String authToken, String url, Map<String, List<String>> params, String signature) {
        if (signature == null || signature.isEmpty()) {
            return false;
        }
        byte[] given = signature.getBytes(StandardCharsets.UTF_8);
        boolean withoutPort = MessageDigest.isEqual(compute(authToken, withoutPort(url), params).getBytes(StandardCharsets.UTF_8), given);
        boolean withPort = MessageDigest.isEqual(compute(authToken, withPort(url), params).getBytes(StandardCharsets.UTF_8), given);
        return withoutPort | withPort;
    }

    /** The signature Twilio would send for exactly this URL and these parameters. */
    public static String compute(String authToken, String url, Map<String, List<String>> params) {
        StringBuilder data = new StringBuilder(url);
        TreeSet<String> names = new TreeSet<>(BY_CODE_POINT);
        names.addAll(params.keySet());
        for (String name : names) {
            TreeSet<String> values = new TreeSet<>(BY_CODE_POINT);
            params.get(name).forEach(v -> values.add(v == null ? "" : v));
            for (String value : values) {
                data.append(name).append(value);
            }
        }
        try {
            Mac mac = Mac.getInstance(HMAC_SHA1);
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), HMAC_SHA1));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /** The URL without an explicit port; as given when it has none or does not parse. */
    static String withoutPort(String url) {
        URI uri = parse(url);
        return uri == null || uri.getPort() == -1 ? url : rebuild(uri, -1);
    }

    /** The URL with an explicit port: its own, else 443 for https and 80 otherwise; as given when it does not parse. */
    static String withPort(String url) {
        URI uri = parse(url);
        if (uri == null || uri.getPort() != -1) {
            return url;
        }
        return rebuild(uri, "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
    }

    private static URI parse(String url) {
        try {
            URI uri = new URI(url);
            return uri.getRawAuthority() == null || uri.getHost() == null ? null : uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** Keeps every raw (still encoded) part as Twilio sent it: only the port changes. */
    private static String rebuild(URI uri, int port) {
        StringBuilder out = new StringBuilder().append(uri.getScheme()).append("://");
        if (uri.getRawUserInfo() != null) {
            out.append(uri.getRawUserInfo()).append('@');
        }
        out.append(uri.getHost());
        if (port != -1) {
            out.append(':').append(port);
        }
        out.append(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            out.append('?').append(uri.getRawQuery());
        }
        if (uri.getRawFragment() != null) {
            out.append('#').append(uri.getRawFragment());
        }
        return out.toString();
    }
}
