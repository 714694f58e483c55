package ai.tuco.providers.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import mockwebserver3.RecordedRequest;

/**
 * The exact HTTP request a provider must make: method, path with its query, the headers named here (others are not
 * checked), and either every form field or the exact JSON body (compared as text after whitespace is dropped outside
 * strings is NOT done: give the body as the client writes it, or use {@code jsonContains} for a subset).
 */
public record ExpectedRequest(String method, String pathAndQuery, Map<String, String> headers,
        Optional<Map<String, String>> form, Optional<String> body, Map<String, String> jsonContains) {

    public ExpectedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathAndQuery, "pathAndQuery");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(body, "body");
        jsonContains = Map.copyOf(jsonContains);
    }

    public static ExpectedRequest get(String pathAndQuery) {
        return new ExpectedRequest("GET", pathAndQuery, Map.of(), Optional.empty(), Optional.empty(), Map.of());
    }

    public static ExpectedRequest post(String pathAndQuery) {
        return new ExpectedRequest("POST", pathAndQuery, Map.of(), Optional.empty(), Optional.empty(), Map.of());
    }

    public static ExpectedRequest delete(String pathAndQuery) {
        return new ExpectedRequest("DELETE", pathAndQuery, Map.of(), Optional.empty(), Optional.empty(), Map.of());
    }

    public ExpectedRequest header(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ExpectedRequest(method, pathAndQuery, h, form, body, jsonContains);
    }

    /** Every form field of an {@code application/x-www-form-urlencoded} body, exactly (order not checked). */
    public ExpectedRequest form(Map<String, String> fields) {
        return new ExpectedRequest(method, pathAndQuery, headers, Optional.of(Map.copyOf(fields)), body, jsonContains);
    }

    /** The exact body text. */
    public ExpectedRequest body(String exact) {
        return new ExpectedRequest(method, pathAndQuery, headers, form, Optional.of(exact), jsonContains);
    }

    /**
     * JSON members the body must contain, each as its JSON text ({@code "\"abc\""} for a string, {@code "3"},
     * {@code "true"}), found as {@code "name":value} once whitespace between tokens is ignored.
     */
    public ExpectedRequest json(Map<String, String> members) {
        return new ExpectedRequest(method, pathAndQuery, headers, form, body, Map.copyOf(members));
    }

    /** Asserts that {@code actual} is this request. */
    public void check(RecordedRequest actual, String caseName) {
        String what = caseName + ": " + method + " " + pathAndQuery;
        assertThat(actual).as(what + " was never made").isNotNull();
        assertThat(actual.getMethod()).as(what + " (method)").isEqualTo(method);
        assertThat(actual.getTarget()).as(what + " (path and query)").isEqualTo(pathAndQuery);
        headers.forEach((name, value) -> assertThat(actual.getHeaders().get(name)).as(what + " (header " + name + ")").isEqualTo(value));
        String text = actual.getBody() == null ? "" : actual.getBody().utf8();
        form.ifPresent(expected -> assertThat(parseForm(text)).as(what + " (form)").isEqualTo(expected));
        body.ifPresent(expected -> assertThat(text).as(what + " (body)").isEqualTo(expected));
        String compact = compactJson(text);
        jsonContains.forEach((name, value) -> assertThat(compact).as(what + " (JSON member " + name + ")")
                .contains("\"" + name + "\":" + compactJson(value)));
    }

    /** Decodes a form body; a repeated name keeps its last value (providers here never repeat one). */
    public static Map<String, String> parseForm(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return out;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Drops whitespace outside JSON strings. */
    static String compactJson(String json) {
        StringBuilder out = new StringBuilder(json.length());
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\' && i + 1 < json.length()) {
                    out.append(json.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (!Character.isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
