import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Comparator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for bench/multi-node and bench/kill (JDK 17, no dependencies): {@code java Load.java key=value ...}.
 *
 * <p>Sends {@code count} message "intents" to POST /api/messages, spread over the given ports on 127.0.0.1, several
 * lines and a few thousand raw recipient phones (so leads are created, matched and reused). Each intent has its own
 * Idempotency-Key; an attempt that gets no answer (connection refused or reset because its node was killed, timeout)
 * or a 5xx is retried on the next port with the same key, a 409 IDEMPOTENCY_IN_PROGRESS (the first attempt's node
 * died holding the key) is retried until the key is released or taken over, so the client ends with exactly one
 * message per intent. Every 201 is written to {@code out} as {@code intent<TAB>messageId<TAB>port<TAB>attempts
 * <TAB>replayed<TAB>epochMillis}. Every loop is bounded: a per-request timeout and an overall deadline.
 *
 * <p>Arguments: ports=18101,18102,18103 key=API_KEY lines=ID,ID,... count=10000 concurrency=24 rate=0 (intents per
 * second, 0 = as fast as possible) deadline=480 (seconds) out=accepted.tsv run=RUN_TAG
 */
public final class Load {
    private static final String[] AREAS = {"415", "212", "310", "646", "718"};
    private static final Pattern ID = Pattern.compile("\"message\"\\s*:\\s*\\{\\s*\"_id\"\\s*:\\s*\"([0-9a-f]{24})\"");

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("expected key=value, got " + arg);
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        String[] ports = a.get("ports").split(",");
        String key = a.get("key");
        String[] lines = a.get("lines").split(",");
        int count = Integer.parseInt(a.getOrDefault("count", "10000"));
        int concurrency = Integer.parseInt(a.getOrDefault("concurrency", "24"));
        double rate = Double.parseDouble(a.getOrDefault("rate", "0"));
        long deadline = System.currentTimeMillis() + 1000L * Long.parseLong(a.getOrDefault("deadline", "480"));
        Path out = Path.of(a.getOrDefault("out", "accepted.tsv"));
        String run = a.getOrDefault("run", Long.toString(System.currentTimeMillis(), 36));

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
        AtomicInteger retriedIntents = new AtomicInteger();
        AtomicInteger replayed = new AtomicInteger();
        AtomicLong noAnswer = new AtomicLong();
        AtomicLong serverErrors = new AtomicLong();
        AtomicLong inProgress = new AtomicLong();
        AtomicLong rateLimited = new AtomicLong();
        long start = System.currentTimeMillis();

        PriorityBlockingQueue<Parked> parked = new PriorityBlockingQueue<>(64, Comparator.comparingLong(Parked::retryAt));
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            Thread t = new Thread(() -> {
                while (System.currentTimeMillis() < deadline) {
                    // A parked intent whose time has come first, else the next new one, else wait for parked ones.
                    Parked p = parked.peek();
                    int i;
                    int attempts = 0;
                    int port;
                    if (p != null && p.retryAt <= System.currentTimeMillis() && parked.remove(p)) {
                        i = p.intent;
                        attempts = p.attempts;
                        port = p.port;
                    } else if (next.get() < count) {
                        i = next.getAndIncrement();
                        if (i >= count) {
                            continue;
                        }
                        if (rate > 0) {
                            long due = start + (long) (i * 1000.0 / rate);
                            sleep(due - System.currentTimeMillis());
                        }
                        port = i % ports.length;
                    } else if (!parked.isEmpty()) {
                        sleep(200);
                        continue;
                    } else {
                        break;
                    }
                    int k = (int) ((i * 7919L) % 6000);
                    String phone = "+1" + AREAS[k % AREAS.length] + "555" + (1000 + k);
                    String body = "{\"message\":\"Hello from the durability bench, intent " + i + "\",\"messageType\":\"imessage\","
                            + "\"fromLineId\":\"" + lines[i % lines.length] + "\",\"recipientPhone\":\"" + phone + "\","
                            + "\"recipientName\":\"Lead " + k + "\"}";
                    String idemKey = "bench-" + run + "-" + i;
                    boolean isParked = false;
                    while (System.currentTimeMillis() < deadline) {
                        attempts++;
                        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[port] + "/api/messages"))
                                .timeout(Duration.ofSeconds(30))
                                .header("Authorization", "Bearer " + key)
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", idemKey)
                                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                                .build();
                        HttpResponse<String> res;
                        try {
                            res = client.send(req, HttpResponse.BodyHandlers.ofString());
                        } catch (IOException e) {
                            noAnswer.incrementAndGet(); // killed mid-request, refused while down, or timed out
                            port = (port + 1) % ports.length;
                            sleep(100 + ThreadLocalRandom.current().nextInt(200));
                            continue;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        int s = res.statusCode();
                        if (s == 201) {
                            Matcher m = ID.matcher(res.body());
                            if (!m.find()) {
                                refused.add(i + "\t201 without a message id: " + res.body());
                                break;
                            }
                            boolean replay = res.headers().firstValue("Idempotent-Replayed").isPresent();
                            if (replay) {
                                replayed.incrementAndGet();
                            }
                            accepted.add(i + "\t" + m.group(1) + "\t" + ports[port] + "\t" + attempts + "\t" + (replay ? 1 : 0)
                                    + "\t" + System.currentTimeMillis());
                            break;
                        }
                        if (s == 409 && res.body().contains("IDEMPOTENCY_IN_PROGRESS")) {
                            // The first attempt's node died holding the key: the server lets another request take it
                            // over after a while. Park the intent and go on with others meanwhile.
                            inProgress.incrementAndGet();
                            parked.add(new Parked(System.currentTimeMillis() + 10_000, i, attempts, port));
                            isParked = true;
                            break;
                        }
                        if (s == 429) {
                            rateLimited.incrementAndGet();
                            sleep(1000);
                            continue;
                        }
                        if (s >= 500) {
                            serverErrors.incrementAndGet();
                            port = (port + 1) % ports.length;
                            sleep(200);
                            continue;
                        }
                        refused.add(i + "\t" + s + "\t" + res.body());
                        break;
                    }
                    if (attempts > 1 && !isParked) {
                        retriedIntents.incrementAndGet();
                    }
                }
            }, "load-" + w);
            workers.add(t);
            t.start();
        }
        long lastReport = System.currentTimeMillis();
        for (Thread t : workers) {
            while (t.isAlive()) {
                t.join(1000);
                if (System.currentTimeMillis() - lastReport >= 10_000) {
                    lastReport = System.currentTimeMillis();
                    System.err.printf("[load] %d accepted, %d no-answer attempts, %d 5xx, %d in-progress 409s (%ds)%n",
                            accepted.size(), noAnswer.get(), serverErrors.get(), inProgress.get(),
                            (lastReport - start) / 1000);
                }
            }
        }
        long wall = System.currentTimeMillis() - start;
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            accepted.forEach(w::println);
        }
        Path refusedFile = Path.of(out + ".refused");
        Files.write(refusedFile, refused, StandardCharsets.UTF_8);
        System.out.printf("load: intents=%d accepted=%d not_accepted=%d retried_intents=%d idempotent_replays=%d "
                        + "no_answer_attempts=%d 5xx=%d in_progress_409=%d 429=%d wall=%.1fs rate=%.0f/s%n",
                count, accepted.size(), count - accepted.size(), retriedIntents.get(), replayed.get(), noAnswer.get(),
                serverErrors.get(), inProgress.get(), rateLimited.get(), wall / 1000.0, accepted.size() * 1000.0 / wall);
        if (accepted.size() < count) {
            System.out.printf("load: %d intents never started (deadline), %d refused (see %s)%n", count - accepted.size() - refused.size(),
                    refused.size(), refusedFile);
        }
    }

    /** An intent waiting for its Idempotency-Key to be released by a dead node's request. */
    private record Parked(long retryAt, int intent, int attempts, int port) {}

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
