import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load: POST /api/messages at a fixed rate whatever the server does, latency measured from each request's
 * intended send time (so a stalled server is charged for the requests it delayed: no coordinated omission).
 *
 * A scheduler thread releases request numbers at their intended times; CONNECTIONS worker threads, each holding one
 * keep-alive HTTP/1.1 connection, send them as they come. Plain sockets and a hand-written request keep the client's
 * own CPU small (java.net.http.HttpClient cost about as much CPU per request as the service on this 2-core machine,
 * which made "half of the maximum rate" saturate the machine).
 *
 * java OpenLoop.java URL KEY LINE RATE_PER_S SECONDS [WARMUP_SECONDS] [PHONE_AREA] [CONNECTIONS]
 * Prints one line: "rate=... sent=... ok=... errors=... p50_ms=... p90_ms=... p99_ms=... max_ms=..."
 * With $OPENLOOP_TIMELINE set, writes there, per measured second, the slowest answer and the scheduler's own
 * lateness (a late scheduler is the client stalling, not the server).
 */
public class OpenLoop {
    public static void main(String[] a) throws Exception {
        URI url = URI.create(a[0]);
        String key = a[1], line = a[2];
        double rate = Double.parseDouble(a[3]);
        int seconds = Integer.parseInt(a[4]);
        int warmup = a.length > 5 ? Integer.parseInt(a[5]) : 5;
        String area = a.length > 6 ? a[6] : "650";
        int connections = a.length > 7 ? Integer.parseInt(a[7]) : 64;
        long total = (long) Math.ceil(rate * (warmup + seconds));
        long warm = (long) Math.ceil(rate * warmup);
        long[] latencies = new long[(int) (total - warm)];
        Arrays.fill(latencies, Long.MAX_VALUE); // a request that never completes counts as infinitely slow
        int buckets = seconds + 1;
        long[] worst = new long[buckets], schedulerLag = new long[buckets];
        AtomicLong ok = new AtomicLong(), errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch((int) total);
        BlockingQueue<Long> due = new LinkedBlockingQueue<>();
        double intervalNanos = 1e9 / rate;
        long start = System.nanoTime() + 200_000_000L;
        String head = "POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\nAuthorization: Bearer " + key + "\r\nContent-Type: application/json\r\nContent-Length: ";

        for (int c = 0; c < connections; c++) {
            Thread worker = new Thread(() -> {
                Connection conn = null;
                byte[] buffer = new byte[8192];
                while (true) {
                    long i;
                    try {
                        i = due.take();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long intended = start + (long) (i * intervalNanos);
                    String phone = "+1" + area + String.format("%07d", 2000000 + i % 8000000);
                    String body = "{\"message\":\"Hey John, this is a quick test from Tuco.\",\"messageType\":\"imessage\",\"fromLineId\":\""
                            + line + "\",\"recipientPhone\":\"" + phone + "\",\"recipientName\":\"John Doe\"}";
                    byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
                    byte[] request = (head + bodyBytes.length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
                    int status;
                    try {
                        if (conn == null) {
                            conn = new Connection(url.getHost(), url.getPort());
                        }
                        status = conn.exchange(request, buffer);
                        if (conn.serverClosed) {
                            conn.close();
                            conn = null;
                        }
                    } catch (IOException e) {
                        status = -1;
                        if (conn != null) {
                            conn.close();
                        }
                        conn = null;
                    }
                    long latency = System.nanoTime() - intended;
                    if (i >= warm) {
                        boolean good = status == 201;
                        latencies[(int) (i - warm)] = good ? latency : Long.MAX_VALUE;
                        (good ? ok : errors).incrementAndGet();
                        int sec = (int) Math.min(buckets - 1, (i - warm) / Math.max(1, (long) rate));
                        synchronized (worst) {
                            worst[sec] = Math.max(worst[sec], latency);
                        }
                    }
                    done.countDown();
                }
            }, "open-loop-" + c);
            worker.setDaemon(true);
            worker.start();
        }

        for (long i = 0; i < total; i++) {
            long intended = start + (long) (i * intervalNanos);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (i >= warm) {
                int sec = (int) Math.min(buckets - 1, (i - warm) / Math.max(1, (long) rate));
                schedulerLag[sec] = Math.max(schedulerLag[sec], System.nanoTime() - intended);
            }
            due.add(i);
        }
        boolean finished = done.await(60, TimeUnit.SECONDS);
        String timeline = System.getenv("OPENLOOP_TIMELINE");
        if (timeline != null && !timeline.isBlank()) {
            StringBuilder t = new StringBuilder("second worst_ms scheduler_lag_ms\n");
            for (int s = 0; s < buckets - 1; s++) {
                t.append(s).append(' ').append(String.format("%.1f %.1f", worst[s] / 1e6, schedulerLag[s] / 1e6)).append('\n');
            }
            java.nio.file.Files.writeString(java.nio.file.Path.of(timeline), t);
        }
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        System.out.printf("rate=%.0f sent=%d ok=%d errors=%d unfinished=%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
                rate, sorted.length, ok.get(), errors.get() + (finished ? 0 : done.getCount()), finished ? 0 : done.getCount(),
                ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 1.0));
        System.exit(0);
    }

    /** One keep-alive HTTP/1.1 connection: writes a request, reads one response (Content-Length or chunked). */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        boolean serverClosed;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16384);
        }

        int exchange(byte[] request, byte[] buffer) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = readLine();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false, close = false;
            String header;
            while (!(header = readLine()).isEmpty()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> { }
                }
            }
            if (chunked) {
                long size;
                while ((size = Long.parseLong(readLine().split(";")[0].trim(), 16)) > 0) {
                    skip(size, buffer);
                    readLine();
                }
                while (!readLine().isEmpty()) { } // trailers
            } else if (length > 0) {
                skip(length, buffer);
            }
            serverClosed = close;
            return status;
        }

        private void skip(long n, byte[] buffer) throws IOException {
            while (n > 0) {
                int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
                if (r < 0) {
                    throw new IOException("connection closed mid-body");
                }
                n -= r;
            }
        }

        private String readLine() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }
    }

    private static double ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        long v = sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1))];
        return v == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : v / 1e6;
    }
}
