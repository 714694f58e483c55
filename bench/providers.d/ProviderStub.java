import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bench/providers' provider stub: {@code POST /send/{lineId}} answers a Twilio-shaped message resource
 * ({@code {"sid": "SM...", "status": "queued"}}) after LATENCY_MS; a line listed in the file HANG_FILE (one id a line,
 * re-read every call) hangs HANG_MS first. {@code GET /health} answers at once. One thread per request in flight.
 * Usage: java ProviderStub.java PORT LATENCY_MS HANG_MS HANG_FILE
 */
public class ProviderStub {
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        long latency = Long.parseLong(args[1]);
        long hang = Long.parseLong(args[2]);
        Path hangFile = Path.of(args[3]);
        AtomicLong seq = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/health", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.createContext("/send/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                String line = ex.getRequestURI().getPath().substring("/send/".length());
                long wait = latency;
                if (Files.exists(hangFile) && Files.readAllLines(hangFile).contains(line)) {
                    wait = hang;
                }
                Thread.sleep(wait);
                byte[] body = String.format("{\"sid\": \"SM%032x\", \"status\": \"queued\"}", seq.incrementAndGet())
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(201, body.length);
                ex.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        System.out.println("stub listening on " + port);
    }
}
