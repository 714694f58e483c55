import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * The receiver of bench/webhooks (JDK 17, no dependencies): {@code java WebhookReceiver.java PORT DELAY_MS LOG}.
 * {@code POST /ok/...} reads the body, waits DELAY_MS, answers 200; {@code POST /hang} never answers (the sender's
 * attempt timeout cuts it). Every request is logged as {@code epoch_ms <TAB> path <TAB> webhook-id} (one line each,
 * written when the request arrives), so the bench can tell which deliveries arrived and how often.
 */
public class WebhookReceiver {
    public static void main(String[] a) throws Exception {
        int port = Integer.parseInt(a[0]);
        long delay = Long.parseLong(a[1]);
        BufferedWriter log = Files.newBufferedWriter(Path.of(a[2]), StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> handle(exchange, delay, log));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (log) {
                try {
                    log.flush();
                } catch (IOException ignored) {
                    // exiting
                }
            }
        }));
        server.start();
        System.out.println("listening on " + port);
        // flush the log a few times a second, so the bench can read it while the run goes on
        while (true) {
            Thread.sleep(200);
            synchronized (log) {
                log.flush();
            }
        }
    }

    private static void handle(HttpExchange exchange, long delay, BufferedWriter log) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            synchronized (log) {
                log.write(System.currentTimeMillis() + "\t" + path + "\t" + id + "\n");
            }
            try {
                Thread.sleep(path.startsWith("/hang") ? 600_000 : delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            // the JDK server re-arms a kept-alive connection only on its selector's next turn (up to a second later),
            // which would stall the sender's next request on it: one connection per request instead
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }
}
