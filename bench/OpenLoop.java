import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Open-loop load: POST /api/messages at a fixed rate whatever the server does, latency measured from each request's
 * intended send time (so a stalled server is charged for the requests it delayed: no coordinated omission).
 *
 * One thread drives CONNECTIONS keep-alive HTTP/1.1 connections through a selector: at each request's intended time
 * it writes the request on an idle connection (or, when all are busy, queues it; its latency still counts from the
 * intended time) and reads the answers as they come. The client shares the machine with the service under test, so
 * it must cost little: the previous client (one blocking thread per connection, a scheduler thread handing request
 * numbers over a queue) used about half as much CPU per request as the service itself on two cores, with two thread
 * hand-offs per request; this one makes a write, a read and a share of one epoll wait per request, like wrk, which
 * measures the maximum rate the half rate is taken from.
 *
 * java OpenLoop.java URL KEY LINE RATE_PER_S SECONDS [WARMUP_SECONDS] [PHONE_AREA] [CONNECTIONS]
 * Prints one line: "rate=... sent=... ok=... errors=... p50_ms=... p90_ms=... p99_ms=... max_ms=... from_epoch=...
 * to_epoch=..." (the measured part's scheduled start and end, Unix time in seconds)
 * With $OPENLOOP_TIMELINE set, writes there, per measured second, the slowest answer and the client's own lateness
 * in sending (a late client is the client stalling, not the server).
 */
public class OpenLoop {
    private static final long FINISH_GRACE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final byte[] LINE_END = {'\r', '\n'};
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

    private final URI url;
    private final String line, area, head;
    private final double intervalNanos;
    private final long total, warm, start;
    private final int buckets;
    private final long[] latencies, worst, sendLag;
    private long ok, errors, finished;
    private final Selector selector;
    private final ArrayDeque<Conn> idle = new ArrayDeque<>();
    /** Requests due and not yet written (every connection was busy), oldest first. */
    private final ArrayDeque<Long> backlog = new ArrayDeque<>();

    OpenLoop(String[] a) throws IOException {
        url = URI.create(a[0]);
        String key = a[1];
        line = a[2];
        double rate = Double.parseDouble(a[3]);
        int seconds = Integer.parseInt(a[4]);
        int warmup = a.length > 5 ? Integer.parseInt(a[5]) : 5;
        area = a.length > 6 ? a[6] : "650";
        int connections = a.length > 7 ? Integer.parseInt(a[7]) : 64;
        total = (long) Math.ceil(rate * (warmup + seconds));
        warm = (long) Math.ceil(rate * warmup);
        latencies = new long[(int) (total - warm)];
        Arrays.fill(latencies, Long.MAX_VALUE); // a request that never completes counts as infinitely slow
        buckets = seconds + 1;
        worst = new long[buckets];
        sendLag = new long[buckets];
        intervalNanos = 1e9 / rate;
        head = "POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\nAuthorization: Bearer " + key + "\r\nContent-Type: application/json\r\nContent-Length: ";
        selector = Selector.open();
        for (int c = 0; c < connections; c++) {
            idle.add(new Conn());
        }
        start = System.nanoTime() + 200_000_000L;
    }

    public static void main(String[] a) throws Exception {
        OpenLoop load = new OpenLoop(a);
        boolean complete = load.run();
        load.report(complete, Double.parseDouble(a[3]));
        System.exit(0);
    }

    private long intended(long i) {
        return start + (long) (i * intervalNanos);
    }

    private int second(long i) {
        return (int) Math.min(buckets - 1, (long) ((i - warm) * intervalNanos / 1e9));
    }

    /** Sends every request at its time and reads every answer; false if some were unanswered at the deadline. */
    private boolean run() throws IOException {
        long next = 0;
        long deadline = intended(total - 1) + FINISH_GRACE_NANOS;
        while (finished < total) {
            long now = System.nanoTime();
            if (now > deadline) {
                return false;
            }
            for (; next < total && intended(next) <= now; next++) {
                if (next >= warm) {
                    int s = second(next);
                    sendLag[s] = Math.max(sendLag[s], now - intended(next));
                }
                backlog.add(next);
            }
            while (!backlog.isEmpty() && !idle.isEmpty()) {
                idle.poll().send(backlog.poll()); // the oldest first; a failed send frees its connection again
            }
            long wait = next < total ? intended(next) - System.nanoTime() : TimeUnit.MILLISECONDS.toNanos(10);
            // epoll_wait counts whole milliseconds: a request may go out up to 1 ms after its time, which its latency
            // (counted from that time) includes; answers wake the selector at once
            int ready = wait > 0 ? selector.select(Math.max(1, wait / 1_000_000)) : selector.selectNow();
            if (ready > 0) {
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey k = keys.next();
                    keys.remove();
                    ((Conn) k.attachment()).ready(k);
                }
            }
        }
        return true;
    }

    private void completed(long i, int status) {
        long latency = System.nanoTime() - intended(i);
        if (i >= warm) {
            boolean good = status == 201;
            latencies[(int) (i - warm)] = good ? latency : Long.MAX_VALUE;
            if (good) {
                ok++;
            } else {
                errors++;
            }
            int s = second(i);
            worst[s] = Math.max(worst[s], latency);
        }
        finished++;
    }

    private byte[] request(long i) {
        String phone = "+1" + area + (2000000 + i % 8000000); // seven digits
        String body = "{\"message\":\"Hey John, this is a quick test from Tuco.\",\"messageType\":\"imessage\",\"fromLineId\":\""
                + line + "\",\"recipientPhone\":\"" + phone + "\",\"recipientName\":\"John Doe\"}";
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        return (head + bodyBytes.length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    private void report(boolean complete, double rate) throws IOException {
        String timeline = System.getenv("OPENLOOP_TIMELINE");
        if (timeline != null && !timeline.isBlank()) {
            StringBuilder t = new StringBuilder("second worst_ms send_lag_ms\n");
            for (int s = 0; s < buckets - 1; s++) {
                t.append(s).append(' ').append(String.format(Locale.ROOT, "%.1f %.1f", worst[s] / 1e6, sendLag[s] / 1e6)).append('\n');
            }
            java.nio.file.Files.writeString(java.nio.file.Path.of(timeline), t);
        }
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        long unfinished = total - finished;
        // the measured part's scheduled start and end as Unix time, for lining it up with what else ran then (the source
        // launcher compiles this file first, so a time taken before starting it is seconds early)
        double epochOffset = System.currentTimeMillis() / 1e3 - System.nanoTime() / 1e9;
        System.out.printf(Locale.ROOT, "rate=%.0f sent=%d ok=%d errors=%d unfinished=%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f"
                        + " from_epoch=%.3f to_epoch=%.3f%n",
                rate, sorted.length, ok, errors + (complete ? 0 : unfinished), complete ? 0 : unfinished,
                ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 1.0),
                epochOffset + intended(warm) / 1e9, epochOffset + intended(total - 1) / 1e9);
    }

    private static double ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        long v = sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1))];
        return v == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : v / 1e6;
    }

    /** One keep-alive connection: at most one request in flight; reconnects when the server closes it. */
    private final class Conn {
        private SocketChannel channel;
        private SelectionKey key;
        private ByteBuffer out;
        private byte[] in = new byte[16384];
        private int filled;
        private long current = -1;

        void send(long i) {
            current = i;
            out = ByteBuffer.wrap(request(i));
            try {
                if (channel == null) {
                    connect();
                }
                channel.write(out);
            } catch (IOException e) {
                fail();
                return;
            }
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        private void connect() throws IOException {
            channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(new InetSocketAddress(url.getHost(), url.getPort()));
            channel.configureBlocking(false);
            key = channel.register(selector, 0, this);
            filled = 0;
        }

        void ready(SelectionKey k) {
            try {
                if (k.isValid() && k.isWritable()) {
                    channel.write(out);
                    if (!out.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                    return;
                }
                if (!k.isValid() || !k.isReadable()) {
                    return;
                }
                if (filled == in.length) {
                    in = Arrays.copyOf(in, in.length * 2);
                }
                int r = channel.read(ByteBuffer.wrap(in, filled, in.length - filled));
                if (r < 0) {
                    throw new IOException("connection closed by the server");
                }
                filled += r;
                parse();
            } catch (IOException e) {
                fail();
            }
        }

        /** Completes the request in flight once its whole answer (Content-Length or chunked) has arrived. */
        private void parse() throws IOException {
            int headerEnd = indexOf(in, filled, HEADERS_END, 0);
            if (headerEnd < 0) {
                return;
            }
            String headers = new String(in, 0, headerEnd, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(headers.substring(9, 12));
            long length = 0;
            boolean chunked = false, close = false;
            for (String h : headers.split("\r\n")) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    case "connection" -> close = value.equals("close");
                    default -> { }
                }
            }
            int end = chunked ? chunkedEnd(headerEnd + 4) : (int) Math.min(Integer.MAX_VALUE, headerEnd + 4 + length);
            if (end < 0 || end > filled) {
                return;
            }
            System.arraycopy(in, end, in, 0, filled - end);
            filled -= end;
            long done = current;
            current = -1;
            if (close) {
                drop();
            }
            completed(done, status);
            idle.add(this);
        }

        /** The end of a chunked body starting at {@code from}, or -1 while it is incomplete. */
        private int chunkedEnd(int from) {
            int p = from;
            while (true) {
                int eol = indexOf(in, filled, LINE_END, p);
                if (eol < 0) {
                    return -1;
                }
                long size = Long.parseLong(new String(in, p, eol - p, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
                if (size == 0) {
                    int trailerEnd = indexOf(in, filled, HEADERS_END, eol);
                    return trailerEnd < 0 ? -1 : trailerEnd + 4;
                }
                p = (int) (eol + 2 + size + 2);
                if (p > filled) {
                    return -1;
                }
            }
        }

        private void fail() {
            drop();
            if (current >= 0) {
                long i = current;
                current = -1;
                completed(i, -1);
                idle.add(this);
            }
        }

        private void drop() {
            if (key != null) {
                key.cancel();
                key = null;
            }
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing a broken connection
                }
            }
            channel = null;
            filled = 0;
        }
    }

    private static int indexOf(byte[] data, int limit, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= limit - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
