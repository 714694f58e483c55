package ai.tuco.adapters.http.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.http.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dashboard's files over real HTTP: what is served, with which headers, and the rules its source keeps (no
 * inline script or style, no innerHTML, nothing from another site). The browser suite in bootstrap drives the pages.
 */
class DashboardRoutesTest {
    static HttpServer server;
    static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = new HttpServer("127.0.0.1", 0, List.of(new DashboardRoutes())).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void root_servesThePage_withTheSecurityHeaders() throws Exception {
        HttpResponse<String> r = get("/");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertSecurityHeaders(r);
        assertThat(r.body()).contains("<script type=\"module\" src=\"/dashboard/app.js\"></script>")
                .doesNotContain("http://", "https://", "style=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.js", "api.js", "page-messages.js", "app.css", "uPlot.esm.js", "uPlot.min.css", "favicon.svg"})
    void everyFile_isServedWithItsType_andTheSecurityHeaders(String file) throws Exception {
        HttpResponse<String> r = get("/dashboard/" + file);

        assertThat(r.statusCode()).isEqualTo(200);
        String type = r.headers().firstValue("Content-Type").orElseThrow();
        assertThat(type).startsWith(file.endsWith(".js") ? "text/javascript" : file.endsWith(".css") ? "text/css" : "image/svg+xml");
        assertSecurityHeaders(r);
        assertThat(r.body()).isNotBlank();
    }

    @Test
    void uplot_comesFromItsWebjar() throws Exception {
        assertThat(get("/dashboard/uPlot.esm.js").body()).contains("export { uPlot as default }");
    }

    @ParameterizedTest
    @ValueSource(strings = {"index.html", "pom.properties", "..", "%2e%2e%2fopenapi%2ftuco.json", "uPlot.cjs.js", "README.md"})
    void anythingElse_is404_asJson(String file) throws Exception {
        HttpResponse<String> r = get("/dashboard/" + file);

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("\"code\":\"NOT_FOUND\"");
    }

    @Test
    void theResourceFolder_holdsExactlyTheServedFiles() throws IOException {
        Set<String> present = ownFiles().map(p -> p.getFileName().toString()).filter(n -> !n.equals("index.html"))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(present).isEqualTo(new TreeSet<>(DashboardRoutes.ownFiles()));
    }

    /** Every value reaches the page as text: no innerHTML-like sink, no eval, no inline handler or style, no CDN. */
    @Test
    void theSource_usesNoHtmlSinks_noInlineCode_andNothingFromElsewhere() throws IOException {
        Pattern sinks = Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function|"
                + "setAttribute\\(\\s*[\"'](on|style)|\\.style\\.|https?://");
        List<String> problems = ownFiles().filter(p -> !p.toString().endsWith(".svg")).flatMap(p -> {
            List<String> lines = read(p);
            return java.util.stream.IntStream.range(0, lines.size())
                    .filter(i -> sinks.matcher(lines.get(i)).find() && !lines.get(i).contains("www.w3.org/2000/svg"))
                    .mapToObj(i -> p.getFileName() + ":" + (i + 1) + ": " + lines.get(i).trim());
        }).toList();

        assertThat(problems).isEmpty();
        String page = String.join("\n", read(Path.of("src/main/resources/dashboard/index.html")));
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(page).find()).as("inline script").isFalse();
        assertThat(page).doesNotContain("<style", " on");
    }

    @Test
    void theCsp_allowsNoInlineScriptOrStyle_andNoOtherOrigin() {
        assertThat(DashboardRoutes.CSP).contains("default-src 'self'", "script-src 'self'", "style-src 'self'",
                "frame-ancestors 'none'", "object-src 'none'").doesNotContain("unsafe", "*", "http");
    }

    private static void assertSecurityHeaders(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(DashboardRoutes.CSP);
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    private static Stream<Path> ownFiles() throws IOException {
        return Files.list(Path.of("src/main/resources/dashboard")).sorted();
    }

    private static List<String> read(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException, URISyntaxException {
        return client.send(HttpRequest.newBuilder(new URI("http://127.0.0.1:" + server.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
