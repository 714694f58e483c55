package ai.tuco.adapters.persistence.shared;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** jsonb columns holding flat string maps (audit detail, custom fields, event detail). */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

    private Json() {}

    /** The map as Jackson writes it, built by hand (an accept writes two of these per message). */
    public static String write(Map<String, String> map) {
        if (map.isEmpty()) {
            return "{}";
        }
        StringBuilder json = new StringBuilder(16 + map.size() * 32).append('{');
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (e.getKey() == null) {
                return writeWithJackson(map); // Jackson's own refusal (containsKey(null) throws on Map.of)
            }
            if (json.length() > 1) {
                json.append(',');
            }
            quoted(json, e.getKey()).append(':');
            if (e.getValue() == null) {
                json.append("null");
            } else {
                quoted(json, e.getValue());
            }
        }
        return json.append('}').toString();
    }

    private static StringBuilder quoted(StringBuilder json, String s) {
        json.append('"');
        if (plain(s)) {
            json.append(s); // nothing to escape: appended whole (the encoder appends char by char)
        } else {
            ENCODER.quoteAsString(s, json);
        }
        return json.append('"');
    }

    /** No character JSON escapes: no control character, quote or backslash. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

    /** {@link #write}'s former path, kept to check the hand-built text against. */
    static String writeWithJackson(Map<String, String> map) {
        try {
            return MAPPER.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String writeValue(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> readMap(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable jsonb value", e);
        }
    }
}
