package ai.tuco.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small real-HTTP client for end-to-end tests; every answer is checked against the OpenAPI document. */
public final class TestHttp {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final boolean checkContract;

    /** A client that holds every answer to the OpenAPI document ({@link OpenApiContract}): a mismatch fails the request. */
    public TestHttp(int port) {
        this(port, true);
    }

    private TestHttp(int port, boolean checkContract) {
        this.base = "http://localhost:" + port;
        this.checkContract = checkContract;
    }

    /** A client that does not check answers against the OpenAPI document (for tests of the checker itself). */
    public static TestHttp unchecked(int port) {
        return new TestHttp(port, false);
    }

    public record Response(int status, Map<String, java.util.List<String>> headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }

    public Response get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
    }

    public Response post(String path, String body, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    /** A request with any method, body bytes and content type (null = no Content-Type header). */
    public Response request(String method, String path, HttpRequest.BodyPublisher body, String contentType, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method, body);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b, headers);
    }

    /**
     * A request whose head declares {@code declaredLength} body bytes and which then sends none: how a test sees the answer
     * to an oversized body. A client still streaming such a body may see the connection closed under it once the server
     * has answered, so a real body would make the test flaky, not the server wrong. Header pairs follow the path.
     */
    public Response headOnly(String method, String path, String contentType, long declaredLength, String... headers) {
        URI uri = URI.create(base + path);
        StringBuilder head = new StringBuilder(method).append(' ').append(uri.getRawPath())
                .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                .append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        head.append("Content-Length: ").append(declaredLength).append("\r\n\r\n");
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(head.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String status = in.readLine();
            if (status == null || !status.startsWith("HTTP/1.1 ")) {
                throw new AssertionError("no HTTP answer: " + status);
            }
            Map<String, java.util.List<String>> answerHeaders = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                int colon = line.indexOf(':');
                answerHeaders.computeIfAbsent(line.substring(0, colon).strip(), k -> new java.util.ArrayList<>())
                        .add(line.substring(colon + 1).strip());
            }
            StringBuilder body = new StringBuilder(); // the request said Connection: close, so the body ends at close
            char[] buffer = new char[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                body.append(buffer, 0, n);
            }
            Response response = new Response(Integer.parseInt(status.substring(9, 12)), answerHeaders, body.toString());
            if (checkContract) {
                OpenApiContract.check(method, uri.getRawPath(), response.status(), response.header("Content-Type"), response.body());
            }
            return response;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public Response send(HttpRequest.Builder builder, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            HttpRequest request = builder.timeout(Duration.ofSeconds(30)).build();
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            Response response = new Response(r.statusCode(), r.headers().map(), r.body());
            if (checkContract) {
                OpenApiContract.check(request.method(), request.uri().getRawPath(), response.status(),
                        response.header("Content-Type"), response.body());
            }
            return response;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
