package ai.tuco.adapters.delivery.webhook;

import ai.tuco.application.webhook.port.out.WebhookSender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;

/**
 * Webhook attempts over OkHttp: the injected client (bootstrap's, guarded against private addresses at connect time)
 * with redirects off and the request's timeout over the whole call. A failure to connect, a refused address or a
 * timeout is an answer without a status code whose error says why.
 */
public final class OkHttpWebhookSender implements WebhookSender {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final int MAX_BODY = 1024;

    private final OkHttpClient client;
    private final LongSupplier nanoTime;

    public OkHttpWebhookSender(OkHttpClient client) {
        this(client, System::nanoTime);
    }

    OkHttpWebhookSender(OkHttpClient client, LongSupplier nanoTime) {
        this.client = client.newBuilder().followRedirects(false).followSslRedirects(false).build();
        this.nanoTime = nanoTime;
    }

    @Override
    public WebhookSender.Response send(WebhookSender.Request r) {
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        okhttp3.Request.Builder http = new okhttp3.Request.Builder().url(r.url()).post(RequestBody.create(body, JSON))
                .header("User-Agent", "Tuco-Webhooks/1");
        for (Map.Entry<String, String> h : WebhookSignatures.headers(r.deliveryId().value(), r.event(),
                r.timestamp().getEpochSecond(), body, r.secrets()).entrySet()) {
            http.header(h.getKey(), h.getValue());
        }
        long start = nanoTime.getAsLong();
        Call call = client.newCall(http.build());
        call.timeout().timeout(r.timeout().toMillis(), TimeUnit.MILLISECONDS);
        try (okhttp3.Response response = call.execute()) {
            String excerpt = response.peekBody(MAX_BODY).string();
            return new WebhookSender.Response(Optional.of(response.code()), millisSince(start), excerpt,
                    retryAfter(response.header("Retry-After")), Optional.empty());
        } catch (IOException | RuntimeException e) {
            return new WebhookSender.Response(Optional.empty(), millisSince(start), "", Optional.empty(),
                    Optional.of(reason(e, call.isCanceled())));
        }
    }

    private long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - start);
    }

    private static String reason(Exception e, boolean timedOut) {
        if (timedOut || e instanceof java.io.InterruptedIOException) {
            return "timed out: " + e.getMessage();
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** Seconds or an HTTP date; anything else is ignored. */
    static Optional<Duration> retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(java.time.Instant.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
