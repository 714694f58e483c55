package ai.tuco.application.provider.port.out;

import ai.tuco.application.provider.port.out.spi.ConfigField;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.domain.shared.EmailAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A line's {@code providerConfig} checked against what its provider declares ({@link ConfigField}s, then the
 * provider's own cross-field {@link MessagingProvider#validate}). Values come as the client sent them (strings,
 * numbers, booleans) and leave as canonical strings; a problem names the field ({@code providerConfig.<name>}) and
 * never echoes the value. Offered to the line capability beside {@link ProviderCalls}.
 */
public final class ProviderConfigs {
    private static final int MAX_TEXT = 2000;

    private ProviderConfigs() {}

    /** @return the configuration as strings (defaults filled in), with every problem added to {@code errors} */
    public static Map<String, String> validate(MessagingProvider provider, Map<String, Object> raw, List<ConfigField.Problem> errors) {
        List<ConfigField> fields = provider.configFields();
        Set<String> known = fields.stream().map(ConfigField::name).collect(Collectors.toSet());
        for (String key : raw.keySet()) {
            if (!known.contains(key)) {
                errors.add(problem(key, "is not a setting of " + provider.name()));
            }
        }
        int before = errors.size();
        Map<String, String> out = new LinkedHashMap<>();
        for (ConfigField field : fields) {
            Object value = raw.get(field.name());
            if (value == null) {
                if (field.required()) {
                    errors.add(problem(field.name(), "is required"));
                } else {
                    field.defaultValue().ifPresent(d -> out.put(field.name(), d));
                }
                continue;
            }
            String problem = check(field, value, out);
            if (problem != null) {
                errors.add(problem(field.name(), problem));
            }
        }
        if (errors.size() == before) {
            errors.addAll(provider.validate(Map.copyOf(out)));
        }
        return out;
    }

    /** @return what is wrong with the value, or null when it is fine (then it is in {@code out}) */
    private static String check(ConfigField field, Object value, Map<String, String> out) {
        String text;
        switch (field.type()) {
            case PORT -> {
                if (!(value instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < 1 || n.longValue() > 65535) {
                    return "must be a whole number from 1 to 65535";
                }
                text = Long.toString(n.longValue());
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean b)) {
                    return "must be true or false";
                }
                text = b.toString();
            }
            default -> {
                if (!(value instanceof String s) || s.isBlank() || s.length() > MAX_TEXT) {
                    return "must be a non-empty string";
                }
                text = s.strip();
            }
        }
        String problem = switch (field.type()) {
            case TEXT -> field.pattern().isEmpty() && text.matches("(?s).*[\\r\\n].*") ? "must be a single line" : null;
            case URL -> isHttpUrl(text) ? null : "must be an http(s) URL";
            case EMAIL -> EmailAddress.isValid(text) ? null : "must be an email address";
            case CHOICE -> field.allowed().contains(text) ? null
                    : "must be one of " + String.join(", ", field.allowed().stream().sorted().toList());
            case PORT, BOOLEAN -> null;
        };
        if (problem == null && field.pattern().isPresent() && !field.pattern().get().matcher(text).matches()) {
            problem = field.expected().map(e -> "must be " + e).orElseGet(() ->
                    "is not in the expected format" + (field.description().isEmpty() ? "" : " (" + field.description() + ")"));
        }
        if (problem == null) {
            out.put(field.name(), text);
        }
        return problem;
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static ConfigField.Problem problem(String field, String what) {
        return new ConfigField.Problem("providerConfig." + field, "providerConfig." + field + " " + what);
    }
}
