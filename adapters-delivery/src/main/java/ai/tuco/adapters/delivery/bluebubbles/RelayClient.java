package ai.tuco.adapters.delivery.bluebubbles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * HTTP to one BlueBubbles relay: {@code {serverUrl}/api/v1/...?password=...} with a JSON body, answered as a
 * {@link Reply}. It tells a request that never left ({@link NotSent}) from one that was written and got no answer
 * ({@link NoAnswer}); neither exception's text holds the URL (its query carries the password) or the relay's body.
 */
final class RelayClient {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    /** Message queries answer up to a few hundred serialised messages; anything bigger is not a relay answer. */
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final OkHttpClient http;
    private final ObjectMapper mapper;

    RelayClient(OkHttpClient client, ObjectMapper mapper) {
        EventListener.Factory original = client.eventListenerFactory();
        // Marks a request once OkHttp starts writing it: a failure after that may have reached the relay.
        // No silent repeat of a written request (a duplicate send): a broken connection is reported and reconciled.
        this.http = client.newBuilder().retryOnConnectionFailure(false)
                .eventListenerFactory(call -> original.create(call).plus(new WrittenListener())).build();
        this.mapper = mapper;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** Before the request was written (refused connection, unreachable or refused address, DNS): nothing was sent. */
    static final class NotSent extends IOException {
        NotSent(String message) {
            super(message);
        }
    }

    /** The request was written and no usable answer came (read timeout, cut connection): it may have been sent. */
    static final class NoAnswer extends IOException {
        NoAnswer(String message) {
            super(message);
        }
    }

    /** The relay's answer: HTTP status, the JSON body when it is one, and a Retry-After when given. */
    record Reply(int status, Optional<JsonNode> json, Optional<Duration> retryAfter) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The response's {@code data}, if it is an object or array. */
        Optional<JsonNode> data() {
            return json.map(j -> j.get("data")).filter(d -> d.isObject() || d.isArray());
        }

        /** {@code error.type} of the relay's error envelope (responses/errors.ts), or empty. */
        String errorType() {
            return json.map(j -> j.path("error").path("type").asText("")).orElse("");
        }

        /** {@code error.message}, else {@code message}, of the relay's envelope; raw, sanitise before showing it. */
        String errorText() {
            return json.map(j -> {
                String e = j.path("error").path("message").asText("");
                return e.isBlank() ? j.path("message").asText("") : e;
            }).orElse("");
        }
    }

    Reply get(String serverUrl, String password, String path, Map<String, String> query) throws IOException {
        return call(serverUrl, password, "GET", path, query, null);
    }

    Reply post(String serverUrl, String password, String path, JsonNode body) throws IOException {
        return call(serverUrl, password, "POST", path, Map.of(), body);
    }

    Reply delete(String serverUrl, String password, String path) throws IOException {
        return call(serverUrl, password, "DELETE", path, Map.of(), null);
    }

    private Reply call(String serverUrl, String password, String method, String path, Map<String, String> query, JsonNode body)
            throws IOException {
        HttpUrl base = HttpUrl.parse(serverUrl);
        if (base == null) {
            throw new NotSent("the line's serverUrl is not an http(s) URL");
        }
        HttpUrl.Builder url = base.newBuilder().addPathSegments(path);
        query.forEach(url::addQueryParameter);
        url.addQueryParameter("password", password);
        RequestBody requestBody = body == null ? null : RequestBody.create(mapper.writeValueAsBytes(body), JSON);
        AtomicBoolean written = new AtomicBoolean();
        Request request = new Request.Builder().url(url.build()).method(method, requestBody)
                .header("Accept", "application/json").tag(Written.class, new Written(written)).build();
        Call call = http.newCall(request);
        try (Response response = call.execute()) {
            byte[] bytes = readBounded(response.body());
            return new Reply(response.code(), parse(bytes), retryAfter(response.header("Retry-After")));
        } catch (IOException e) {
            // Only the exception's type: OkHttp's texts may name the host, never the query, but we show none of them.
            String what = e.getClass().getSimpleName();
            if (written.get()) {
                throw new NoAnswer("no answer from the relay after the request was sent (" + what + ")");
            }
            throw new NotSent("could not reach the relay (" + what + ")");
        }
    }

    private static byte[] readBounded(ResponseBody body) throws IOException {
        try (InputStream in = body.byteStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            return bytes.length > MAX_BODY_BYTES ? new byte[0] : bytes;
        }
    }

    private Optional<JsonNode> parse(byte[] bytes) {
        if (bytes.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode node = mapper.readTree(bytes);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> retryAfter(String header) {
        if (header == null) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds >= 0 && seconds <= 86_400 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The request's "has been written" flag, reachable from the event listener through the request's tag. */
    private record Written(AtomicBoolean flag) {}

    private static final class WrittenListener extends EventListener {
        @Override
        public void requestHeadersStart(Call call) {
            Written w = call.request().tag(Written.class);
            if (w != null) {
                w.flag().set(true);
            }
        }
    }
}
