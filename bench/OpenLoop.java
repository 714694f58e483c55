import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load: POST /api/messages at a fixed rate whatever the server does, latency measured from each request's
 * intended send time (so a stalled server is charged for the requests it delayed: no coordinated omission).
 *
 * java OpenLoop.java URL KEY LINE RATE_PER_S SECONDS [WARMUP_SECONDS] [PHONE_AREA]
 * Prints one line: "rate=... sent=... ok=... errors=... p50_ms=... p90_ms=... p99_ms=... max_ms=..."
 */
public class OpenLoop {
    public static void main(String[] a) throws Exception {
        String url = a[0], key = a[1], line = a[2];
        double rate = Double.parseDouble(a[3]);
        int seconds = Integer.parseInt(a[4]);
        int warmup = a.length > 5 ? Integer.parseInt(a[5]) : 5;
        String area = a.length > 6 ? a[6] : "650";
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4)).connectTimeout(Duration.ofSeconds(5)).build();
        long total = (long) Math.ceil(rate * (warmup + seconds));
        long warm = (long) Math.ceil(rate * warmup);
        long[] latencies = new long[(int) (total - warm)];
        Arrays.fill(latencies, Long.MAX_VALUE); // a request that never completes counts as infinitely slow
        AtomicLong ok = new AtomicLong(), errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch((int) total);
        double intervalNanos = 1e9 / rate;
        long start = System.nanoTime() + 100_000_000L;
        for (long i = 0; i < total; i++) {
            long intended = start + (long) (i * intervalNanos);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            String phone = "+1" + area + String.format("%07d", 2000000 + i % 8000000);
            String body = "{\"message\":\"Hey John, this is a quick test from Tuco.\",\"messageType\":\"imessage\",\"fromLineId\":\""
                    + line + "\",\"recipientPhone\":\"" + phone + "\",\"recipientName\":\"John Doe\"}";
            HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            final long index = i;
            client.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                long latency = System.nanoTime() - intended;
                boolean good = e == null && r.statusCode() == 201;
                if (index >= warm) {
                    latencies[(int) (index - warm)] = good ? latency : Long.MAX_VALUE;
                    (good ? ok : errors).incrementAndGet();
                }
                done.countDown();
            });
        }
        boolean finished = done.await(60, java.util.concurrent.TimeUnit.SECONDS);
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        System.out.printf("rate=%.0f sent=%d ok=%d errors=%d unfinished=%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
                rate, n, ok.get(), errors.get() + (finished ? 0 : done.getCount()), finished ? 0 : done.getCount(),
                ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 1.0));
        System.exit(0);
    }

    private static double ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        long v = sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1 < 0 ? 0 : (int) Math.ceil(q * sorted.length) - 1)];
        return v == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : v / 1e6;
    }
}
