package ai.tuco.bootstrap.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.bootstrap.Config;
import ai.tuco.bootstrap.OpenApiContract;
import ai.tuco.bootstrap.TestConfigs;
import ai.tuco.bootstrap.TestHttp;
import ai.tuco.bootstrap.Tuco;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A sweep of generated malformed requests against every write route: broken JSON, invalid UTF-8, wrong types,
 * giant strings and arrays, deep nesting, duplicate keys, huge numbers, odd content types and headers. Every answer
 * must be a 4xx JSON error body, and nothing may be written.
 */
class HostileInputTest {
    static final int PER_ROUTE = 1_000;
    static final long SEED = 20261127L;
    static final String[] TABLES = {"messages", "message_events", "dispatch_queue", "leads", "lines", "api_keys",
        "do_not_contact", "audit_log", "users", "workspaces"};

    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static Tuco tuco;
    static String base;
    static String key;
    static TestHttp http;
    static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        tuco = Tuco.open(Config.from(TestConfigs.env(db, "TUCO_DEMO", "true", "TUCO_DISPATCH_ENABLED", "false",
                "TUCO_RATE_LIMIT_PER_MINUTE", "10000000")), Clock.systemUTC());
        key = tuco.seedDemoIfEnabled().orElseThrow().apiKey();
        int port = tuco.startHttp().port();
        base = "http://localhost:" + port;
        http = new TestHttp(port);
    }

    @AfterAll
    static void stop() {
        tuco.close();
    }

    /** A write route: method, path, and a valid body whose mutations the sweep generates. */
    record Route(String method, String path, String validBody) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Route> routes() {
        String lead = "667f1f77bcf86cd799439012";
        String line = "667f1f77bcf86cd799439011";
        return Stream.of(
                new Route("POST", "/api/messages", "{\"message\": \"Hi {{firstName}}\", \"messageType\": \"imessage\", "
                        + "\"fromLineId\": \"" + line + "\", \"leadId\": \"" + lead + "\", \"timezone\": \"America/New_York\", "
                        + "\"sendWindowStart\": \"09:00\", \"sendWindowEnd\": \"17:00\", \"allowedDaysOfWeek\": [1, 2, 3]}"),
                new Route("POST", "/api/messages/ffffffffffffffffffffffff/cancel", "{}"),
                new Route("POST", "/api/leads", "{\"leads\": [{\"firstName\": \"Ann\", \"phone\": \"+12025550177\"}]}"),
                new Route("PATCH", "/api/leads/" + lead, "{\"firstName\": \"Johnny\", \"customFields\": {\"plan\": \"pro\"}}"),
                new Route("DELETE", "/api/leads", "{\"ids\": [\"" + lead + "\"]}"),
                new Route("POST", "/api/lines", "{\"name\": \"x\", \"channels\": [\"sms\"], \"provider\": \"sandbox\", "
                        + "\"phone\": \"+14155550155\", \"providerConfig\": {}}"),
                new Route("PATCH", "/api/lines/" + line, "{\"name\": \"renamed\", \"pacingSeconds\": 5}"),
                new Route("POST", "/api/api-keys", "{\"name\": \"k\", \"role\": \"member\"}"),
                new Route("DELETE", "/api/api-keys/ffffffffffffffffffffffff", ""),
                new Route("POST", "/api/dnc", "{\"phone\": \"+12025550188\", \"reason\": \"asked\"}"),
                new Route("DELETE", "/api/dnc?id=ffffffffffffffffffffffff", ""));
    }

    /** One hostile request. */
    record Attempt(String kind, String contentType, byte[] body, Map<String, String> headers, String path) {}

    /** Mutations that always leave the request invalid (the valid body itself is never sent). */
    static Attempt mutate(Route route, Random rnd) {
        String body = route.validBody().isEmpty() ? "{}" : route.validBody();
        byte[] valid = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        String json = "application/json";
        int kind = rnd.nextInt(14);
        boolean bodyless = route.validBody().isEmpty() || route.path().contains("/cancel");
        if (bodyless) {
            // routes whose effect does not depend on the body: break the path or the content type instead
            kind = rnd.nextBoolean() ? 100 : 101;
        }
        switch (kind) {
            case 0: { // truncated JSON
                int cut = 1 + rnd.nextInt(valid.length - 1);
                return new Attempt("truncated", json, java.util.Arrays.copyOf(valid, cut), headers, route.path());
            }
            case 1: { // invalid UTF-8 inside a string
                byte[] b = valid.clone();
                int at = body.indexOf('"', 2) + 1;
                b[Math.max(1, at)] = (byte) (0x80 + rnd.nextInt(0x40));
                b[Math.max(1, at) - 1] = (byte) 0xC3;
                b[Math.max(1, at)] = (byte) 0x28; // 0xC3 0x28 is an invalid two-byte sequence
                return new Attempt("invalid-utf8", json, b, headers, route.path());
            }
            case 2: // a random byte soup
                return new Attempt("garbage", json, randomBytes(rnd, 1 + rnd.nextInt(200)), headers, route.path());
            case 3: // wrong top-level type
                return new Attempt("not-object", json, pick(rnd, "[]", "[1,2]", "\"text\"", "42", "true", "null", "1e999")
                        .getBytes(StandardCharsets.UTF_8), headers, route.path());
            case 4: { // every field replaced by a wrong type
                return new Attempt("wrong-types", json, replaceValues(body, rnd).getBytes(StandardCharsets.UTF_8), headers, route.path());
            }
            case 5: { // deep nesting
                int depth = 200 + rnd.nextInt(5000);
                String nested = "[".repeat(depth) + "]".repeat(depth);
                String b = body.replaceFirst(":\\s*(\"[^\"]*\"|\\[[^\\]]*\\]|\\{[^}]*\\}|[0-9]+)", ": " + nested);
                return new Attempt("deep", json, b.getBytes(StandardCharsets.UTF_8), headers, route.path());
            }
            case 6: { // duplicate keys
                String b = "{" + body.substring(1, body.indexOf(':')) + ": \"dup\", " + body.substring(1);
                return new Attempt("duplicate-keys", json, b.getBytes(StandardCharsets.UTF_8), headers, route.path());
            }
            case 7: { // huge numbers in place of the first value
                String b = body.replaceFirst(":\\s*(\"[^\"]*\"|\\[[^\\]]*\\]|\\{[^}]*\\}|[0-9]+)",
                        ": " + pick(rnd, "1e400", "-1e400", "123456789012345678901234567890", "9".repeat(99), "0.000000000000000000000001"));
                return new Attempt("huge-number", json, b.getBytes(StandardCharsets.UTF_8), headers, route.path());
            }
            case 8: { // a giant string (over every field's limit, under the 1 MiB body limit)
                String giant = "x".repeat(120_000 + rnd.nextInt(400_000));
                String b = body.replaceFirst(":\\s*\"[^\"]*\"", ": \"" + giant + "\"");
                if (b.equals(body)) {
                    String firstKey = body.substring(1, body.indexOf(':'));
                    b = "{" + firstKey + ": \"" + giant + "\", " + body.substring(1);
                }
                return new Attempt("giant-string", json, b.getBytes(StandardCharsets.UTF_8), headers, route.path());
            }
            case 9: { // a giant array
                String arr = "[" + "1,".repeat(10_000 + rnd.nextInt(50_000)) + "1]";
                String b = body.replaceFirst(":\\s*(\"[^\"]*\"|\\[[^\\]]*\\]|\\{[^}]*\\}|[0-9]+)", ": " + arr);
                return new Attempt("giant-array", json, b.getBytes(StandardCharsets.UTF_8), headers, route.path());
            }
            case 10: // odd content types
                return new Attempt("content-type", pick(rnd, "text/plain", "application/xml", "multipart/form-data; boundary=x",
                        "application/x-www-form-urlencoded", "image/png", "application/jsonx"), valid, headers, route.path());
            case 11: // odd headers: bad auth schemes and credentials
                headers.put("Authorization", pick(rnd, "Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "bearer tuco_sk_nope",
                        "Bearer " + "A".repeat(5000), "Token " + key, "Bearer tuco_sk_" + "z".repeat(40)));
                return new Attempt("auth", json, valid, headers, route.path());
            case 12: { // trailing garbage after a valid document
                String b = body + pick(rnd, "}", "]", " x", "{}", "\"", ",");
                return new Attempt("trailing", json, b.getBytes(StandardCharsets.UTF_8), headers, route.path());
            }
            default: { // control characters and broken escapes
                String b = body.replaceFirst("\"([^\"]*)\"", java.util.regex.Matcher.quoteReplacement(
                        "\"" + pick(rnd, "\\u12", "\\x41", "\\", "\u0001\u0002") + "\""));
                if (b.equals(body)) {
                    b = "{\"\\ud800\": }";
                }
                return new Attempt("escapes", json, b.getBytes(StandardCharsets.UTF_8), headers, route.path());
            }
            case 100: // a malformed id in the path
                return new Attempt("bad-id", json, valid, headers,
                        route.path().replace("ffffffffffffffffffffffff", pick(rnd, "zz", "%00", "..%2F..", "1".repeat(30), "FFFFFFFFFFFFFFFFFFFFFFFF")));
            case 101:
                return new Attempt("content-type", "text/plain", "hello".getBytes(StandardCharsets.UTF_8), headers, route.path());
        }
    }

    private static String replaceValues(String body, Random rnd) {
        StringBuilder out = new StringBuilder();
        var m = java.util.regex.Pattern.compile(":\\s*(\"[^\"]*\"|\\[[^\\]]*\\]|\\{[^}]*\\}|true|false|[0-9]+)").matcher(body);
        int last = 0;
        while (m.find()) {
            out.append(body, last, m.start()).append(": ");
            String v = m.group(1);
            out.append(v.startsWith("\"") ? pick(rnd, "123", "true", "{}", "[\"a\"]", "12.5")
                    : v.startsWith("[") ? pick(rnd, "\"notalist\"", "{}", "7")
                    : v.startsWith("{") ? pick(rnd, "\"str\"", "[1]", "false")
                    : pick(rnd, "\"5\"", "{}", "[]"));
            last = m.end();
        }
        return out.append(body.substring(last)).toString();
    }

    private static String pick(Random rnd, String... options) {
        return options[rnd.nextInt(options.length)];
    }

    private static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        b[0] = '{';
        return b;
    }

    private static Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String t : TABLES) {
            counts.put(t, db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + t).mapTo(Long.class).one()));
        }
        counts.put("lead_updates", db.jdbi().withHandle(h -> h.createQuery("SELECT coalesce(sum(version), 0) FROM leads").mapTo(Long.class).one()));
        counts.put("line_updates", db.jdbi().withHandle(h -> h.createQuery("SELECT coalesce(sum(version), 0) FROM lines").mapTo(Long.class).one()));
        return counts;
    }

    private static HttpResponse<String> send(Route route, Attempt a) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + a.path())).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .method(route.method(), HttpRequest.BodyPublishers.ofByteArray(a.body()));
        if (a.contentType() != null) {
            b.header("Content-Type", a.contentType());
        }
        a.headers().forEach(b::setHeader);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void generatedMalformedRequests_getJson4xxAndWriteNothing(Route route) throws Exception {
        Random rnd = new Random(SEED ^ route.toString().hashCode());
        Map<String, Long> before = counts();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < PER_ROUTE && failures.size() < 5; i++) {
            Attempt a = mutate(route, rnd);
            HttpResponse<String> r;
            try {
                r = send(route, a);
            } catch (IOException e) {
                // Jetty closes the connection after a request it could not parse; the client may have reused it
                r = send(route, a);
            }
            String where = a.kind() + " #" + i + " -> " + r.statusCode() + " " + r.body().substring(0, Math.min(200, r.body().length()));
            if (r.statusCode() < 400 || r.statusCode() >= 500) {
                failures.add(where);
                continue;
            }
            try {
                JsonNode json = TestHttp.JSON.readTree(r.body());
                if (json.get("success") == null || json.get("success").asBoolean() || json.get("code") == null
                        || json.get("error") == null || !json.get("details").isArray()) {
                    failures.add("not the error body: " + where);
                }
            } catch (IOException e) {
                failures.add("not JSON: " + where);
            }
            try {
                OpenApiContract.check(route.method(), a.path(), r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void aDeclaredBodyOverOneMebibyte_isRefusedBeforeItIsRead() {
        // only the head is sent: a server that waited for the body would never answer
        TestHttp.Response answer = http.headOnly("POST", "/api/messages", "application/json", 1024 * 1024 + 1,
                "Authorization", "Bearer " + key);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void aChunkedBodyOverOneMebibyte_isRefused() throws Exception {
        java.net.URI uri = URI.create(base);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(15_000);
            var out = socket.getOutputStream();
            out.write(("POST /api/messages HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // the body streams from another thread: the server may answer (and stop reading) before it is all written
            Thread writer = new Thread(() -> {
                byte[] chunk = (Integer.toHexString(64 * 1024) + "\r\n" + " ".repeat(64 * 1024) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    for (int i = 0; i < 48; i++) {
                        out.write(chunk);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException ignored) {
                    // the server closed its side after answering
                }
            });
            writer.setDaemon(true);
            writer.start();
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).startsWith("HTTP/1.1 413");
            StringBuilder rest = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                rest.append(line).append('\n');
                if (rest.indexOf("PAYLOAD_TOO_LARGE") >= 0) {
                    break;
                }
            }
            assertThat(rest.toString()).contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
        }
    }

    @Test
    void anOversizedBodyWithoutCredentials_is401First() {
        TestHttp.Response answer = http.headOnly("POST", "/api/messages", "text/plain", 2 * 1024 * 1024);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().get("code").asText()).isEqualTo("UNAUTHORIZED");
    }
}
