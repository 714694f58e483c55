package ai.tuco.adapters.http.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.http.HttpServer;
import ai.tuco.adapters.http.shared.ApiError;
import ai.tuco.application.dispatch.port.in.QueueBacklogQuery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Route-template labels over real HTTP: matched routes, refusals in a before-filter, and unmatched paths. */
class HttpRequestMetricsTest {
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static MicrometerMetrics metrics;
    static HttpServer server;

    @BeforeAll
    static void start() {
        metrics = new MicrometerMetrics(() -> new QueueBacklogQuery.Backlog(4, 0, 1, Duration.ofSeconds(7)));
        server = new HttpServer("127.0.0.1", 0, List.of(
                new MetricsRoutes(metrics, Optional.empty()),
                routes -> {
                    routes.before("/api/*", ctx -> {
                        if (ctx.header("Authorization") == null) {
                            throw new ApiError(401, "UNAUTHORIZED", "Missing credential");
                        }
                    });
                    routes.get("/api/things/{id}", ctx -> {
                        throw new ApiError(404, "NOT_FOUND", "Thing not found");
                    });
                }), new HttpRequestMetrics(metrics)).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        metrics.close();
    }

    static int get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String series(String route, String status) {
        return "tuco_http_server_requests_seconds_count{method=\"GET\",route=\"" + route + "\",status=\"" + status + "\"}";
    }

    @Test
    void labelsAreRouteTemplates_evenForRefusalsBeforeTheHandler_andUnmatchedPathsShareOneLabel() throws Exception {
        assertThat(get("/api/things/abc", "Authorization", "x")).isEqualTo(404);
        assertThat(get("/api/things/def")).isEqualTo(401);
        assertThat(get("/nothing/here")).isEqualTo(404);
        assertThat(get("/api/nothing/here", "Authorization", "x")).isEqualTo(404);

        String text = metrics.scrape();
        assertThat(text).contains(series("/api/things/{id}", "404") + " 1")
                .contains(series("/api/things/{id}", "401") + " 1")
                .contains(series("unmatched", "404") + " 2")
                .doesNotContain("abc").doesNotContain("/nothing/here");
    }

    @Test
    void queueGauges_readTheBacklog() {
        String text = metrics.scrape();
        assertThat(text).contains("tuco_dispatch_queue_depth{state=\"due\"} 4.0")
                .contains("tuco_dispatch_queue_depth{state=\"leased\"} 1.0")
                .contains("tuco_dispatch_queue_oldest_due_age_seconds 7.0");
    }
}
