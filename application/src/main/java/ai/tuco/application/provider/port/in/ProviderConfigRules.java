package ai.tuco.application.provider.port.in;

import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.shared.EmailAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What each provider's write-only configuration must hold (the channels it can carry: {@link Provider#channels()}).
 * Offered to the line capability as the provider capability's rules; the provider SPI will declare them per provider.
 */
public final class ProviderConfigRules {
    private static final Pattern TWILIO_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
    private static final Set<String> TLS = Set.of("starttls", "implicit", "none");

    private ProviderConfigRules() {}

    /** @return the configuration as strings, with every problem added to {@code errors} (values never echoed) */
    public static Map<String, String> validate(Provider provider, Map<String, Object> raw, List<FieldError> errors) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> allowed = switch (provider) {
            case SANDBOX -> Set.of();
            case BLUEBUBBLES -> Set.of("serverUrl", "password");
            case TWILIO -> Set.of("accountSid", "authToken", "baseUrl");
            case SMTP -> Set.of("host", "port", "username", "password", "tls", "fromAddress", "fromName", "defaultSubject");
        };
        for (String key : raw.keySet()) {
            if (!allowed.contains(key)) {
                errors.add(new FieldError("providerConfig." + key, "providerConfig." + key + " is not a setting of " + provider.wireName()));
            }
        }
        switch (provider) {
            case SANDBOX -> { }
            case BLUEBUBBLES -> {
                url(raw, "serverUrl", true, out, errors);
                text(raw, "password", true, out, errors);
            }
            case TWILIO -> {
                if (text(raw, "accountSid", true, out, errors) && !TWILIO_SID.matcher(out.get("accountSid")).matches()) {
                    errors.add(new FieldError("providerConfig.accountSid", "providerConfig.accountSid must be AC followed by 32 hex characters"));
                }
                text(raw, "authToken", true, out, errors);
                url(raw, "baseUrl", false, out, errors);
            }
            case SMTP -> {
                text(raw, "host", true, out, errors);
                Object port = raw.get("port");
                if (!(port instanceof Number n) || n.longValue() < 1 || n.longValue() > 65535 || n.doubleValue() != n.longValue()) {
                    errors.add(new FieldError("providerConfig.port", "providerConfig.port must be a whole number from 1 to 65535"));
                } else {
                    out.put("port", Long.toString(n.longValue()));
                }
                text(raw, "username", false, out, errors);
                text(raw, "password", false, out, errors);
                if (text(raw, "tls", false, out, errors) && !TLS.contains(out.get("tls"))) {
                    errors.add(new FieldError("providerConfig.tls", "providerConfig.tls must be starttls, implicit or none"));
                }
                out.putIfAbsent("tls", "starttls");
                if (text(raw, "fromAddress", true, out, errors) && !EmailAddress.isValid(out.get("fromAddress"))) {
                    errors.add(new FieldError("providerConfig.fromAddress", "providerConfig.fromAddress must be an email address"));
                }
                text(raw, "fromName", false, out, errors);
                if (text(raw, "defaultSubject", false, out, errors) && out.get("defaultSubject").matches("(?s).*[\\r\\n].*")) {
                    errors.add(new FieldError("providerConfig.defaultSubject", "providerConfig.defaultSubject must be a single line"));
                }
            }
        }
        return out;
    }

    private static boolean text(Map<String, Object> raw, String key, boolean required, Map<String, String> out, List<FieldError> errors) {
        Object v = raw.get(key);
        if (v == null) {
            if (required) {
                errors.add(new FieldError("providerConfig." + key, "providerConfig." + key + " is required"));
            }
            return false;
        }
        if (!(v instanceof String s) || s.isBlank() || s.length() > 2000) {
            errors.add(new FieldError("providerConfig." + key, "providerConfig." + key + " must be a non-empty string"));
            return false;
        }
        out.put(key, s.strip());
        return true;
    }

    private static void url(Map<String, Object> raw, String key, boolean required, Map<String, String> out, List<FieldError> errors) {
        if (!text(raw, key, required, out, errors)) {
            return;
        }
        try {
            URI uri = new URI(out.get(key));
            if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(out.get(key), "not http(s)");
            }
        } catch (URISyntaxException e) {
            out.remove(key);
            errors.add(new FieldError("providerConfig." + key, "providerConfig." + key + " must be an http(s) URL"));
        }
    }
}
