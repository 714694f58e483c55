package ai.tuco.adapters.delivery.twilio;

import ai.tuco.application.provider.port.out.spi.LineContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Credentials;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Calls Twilio's REST API for one line: its base URL, basic authentication (account SID and auth token), answers read
 * up to {@value #MAX_BODY} bytes. It tells a failure before anything was written (nothing reached Twilio: safe to
 * retry) from one after the request started going out (Twilio may have acted on it) with a network interceptor: OkHttp
 * runs those only once a connection is open, just before it writes the request.
 */
final class TwilioHttp {
    static final String DEFAULT_BASE_URL = "https://api.twilio.com";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BODY = 4L << 20;

    /** Set by the network interceptor once the request is about to be written. */
    private static final class Written {
        final AtomicBoolean value = new AtomicBoolean();
    }

    private static final Interceptor MARK_WRITTEN = chain -> {
        Written w = chain.request().tag(Written.class);
        if (w != null) {
            w.value.set(true);
        }
        return chain.proceed(chain.request());
    };

    /** What became of one call. */
    sealed interface Result {}

    /** Twilio answered; {@code body} is text (possibly not JSON at all). */
    record Answered(int status, Headers headers, String body) implements Result {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The body as JSON, empty when it is not a JSON object. */
        Optional<JsonNode> json() {
            try {
                JsonNode node = JSON.readTree(body);
                return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        /** Twilio's error body: {@code {"code": 21211, "message": "...", "more_info": "...", "status": 400}}. */
        OptionalInt errorCode() {
            return json().map(j -> j.path("code")).filter(c -> c.canConvertToInt() || c.isTextual() && c.asText().matches("\\d{1,9}"))
                    .map(c -> OptionalInt.of(c.asInt())).orElse(OptionalInt.empty());
        }

        Optional<String> errorMessage() {
            return json().map(j -> j.path("message")).filter(JsonNode::isTextual).map(JsonNode::asText);
        }
    }

    /** Nothing was written: Twilio never saw the request. */
    record NotSent(IOException cause) implements Result {}

    /** The request was (or may have been) written, and no answer came. */
    record Lost(IOException cause) implements Result {}

    private final OkHttpClient client;

    TwilioHttp(OkHttpClient client) {
        // OkHttp would otherwise silently repeat a POST whose connection broke after it was written: a duplicate SMS.
        this.client = client.newBuilder().retryOnConnectionFailure(false).addNetworkInterceptor(MARK_WRITTEN).build();
    }

    /** The line's API base URL ({@code baseUrl}, else Twilio's). */
    static HttpUrl baseUrl(LineContext line) {
        String text = line.get(TwilioProvider.BASE_URL).filter(s -> !s.isBlank()).orElse(DEFAULT_BASE_URL);
        HttpUrl url = HttpUrl.parse(text);
        if (url == null) {
            throw new IllegalStateException("the line's Twilio baseUrl is not an http(s) URL");
        }
        return url;
    }

    /** {@code {baseUrl}/2010-04-01/Accounts/{sid}} followed by {@code more} path segments. */
    static HttpUrl.Builder accountUrl(LineContext line, String... more) {
        HttpUrl.Builder b = api(line, "Accounts", line.require(TwilioProvider.ACCOUNT_SID));
        for (String segment : more) {
            b.addPathSegment(segment);
        }
        return b;
    }

    /** {@code {baseUrl}/2010-04-01/} followed by {@code segments}. */
    static HttpUrl.Builder api(LineContext line, String... segments) {
        HttpUrl.Builder b = baseUrl(line).newBuilder().addPathSegment("2010-04-01");
        for (String segment : segments) {
            b.addPathSegment(segment);
        }
        return b;
    }

    /** A request to {@code url} with the line's credentials. */
    static Request.Builder request(LineContext line, HttpUrl url) {
        return new Request.Builder().url(url).header("Accept", "application/json")
                .header("Authorization", Credentials.basic(line.require(TwilioProvider.ACCOUNT_SID),
                        line.require(TwilioProvider.AUTH_TOKEN), StandardCharsets.UTF_8));
    }

    Result call(Request.Builder request) {
        Written written = new Written();
        try (Response response = client.newCall(request.tag(Written.class, written).build()).execute()) {
            String body = response.peekBody(MAX_BODY).string();
            return new Answered(response.code(), response.headers(), body);
        } catch (IOException e) {
            return written.value.get() ? new Lost(e) : new NotSent(e);
        }
    }
}
