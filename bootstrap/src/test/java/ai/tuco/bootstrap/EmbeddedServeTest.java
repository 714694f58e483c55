package ai.tuco.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} with no database configured: the embedded PostgreSQL in TUCO_DATA_DIR, the demo, restarts. */
class EmbeddedServeTest {
    @TempDir
    Path dataDir;

    /** A serve running in a background thread, its standard output captured. */
    private record Running(CompletableFuture<Integer> exit, CountDownLatch stop, ByteArrayOutputStream out, int port) {
        String output() {
            return out.toString(StandardCharsets.UTF_8);
        }

        int stopAndWait() throws Exception {
            stop.countDown();
            return exit.get();
        }
    }

    private Running serve() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var out = new ByteArrayOutputStream();
        var stop = new CountDownLatch(1);
        Map<String, String> env = Map.of("TUCO_DATA_DIR", dataDir.toString(), "TUCO_PORT", Integer.toString(port));
        var exit = CompletableFuture.supplyAsync(() -> Main.run(new String[0], env,
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, stop));
        var http = new TestHttp(port);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            if (exit.isDone()) {
                throw new AssertionError("serve exited with " + exit.get());
            }
            return out.toString(StandardCharsets.UTF_8).contains("listening") && http.get("/health/ready").status() == 200;
        });
        return new Running(exit, stop, out, port);
    }

    @Test
    void firstStartSeedsAndPrintsTheDemo_secondStartKeepsTheDataAndPrintsNothing() throws Exception {
        Running first = serve();
        Matcher key = Pattern.compile("API key: (tuco_sk_\\S+)").matcher(first.output());
        assertThat(key.find()).as(first.output()).isTrue();
        Matcher curl = Pattern.compile("(?m)^curl -s -X POST http://localhost:" + first.port()
                + "/api/messages -H 'Authorization: Bearer " + Pattern.quote(key.group(1)) + "'.*667f1f77bcf86cd799439011.*$").matcher(first.output());
        assertThat(curl.find()).as(first.output()).isTrue();

        // while it runs, a CLI command on the same data directory is refused instead of touching the files
        var err = new ByteArrayOutputStream();
        int cliExit = Main.run(new String[] {"workspace", "create", "--name", "X"}, Map.of("TUCO_DATA_DIR", dataDir.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), null);
        assertThat(cliExit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("in use by a running Tuco server");
        assertThat(first.stopAndWait()).isZero();

        Running second = serve();
        assertThat(second.output()).doesNotContain("API key:");
        assertThat(second.stopAndWait()).isZero();

        // stopped: the CLI may use the data directory now, and finds the demo workspace kept
        var out = new ByteArrayOutputStream();
        int created = Main.run(new String[] {"workspace", "create", "--name", "After"}, Map.of("TUCO_DATA_DIR", dataDir.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, null);
        assertThat(created).isZero();
        try (Tuco tuco = Tuco.open(Config.from(Map.of("TUCO_DATA_DIR", dataDir.toString(), "TUCO_DEMO", "false")), java.time.Clock.systemUTC())) {
            var demoLine = tuco.get(ai.tuco.application.line.port.out.LineRepository.class)
                    .listByWorkspace(tuco.get(ai.tuco.application.workspace.port.out.WorkspaceRepository.class)
                            .findById(new ai.tuco.domain.shared.WorkspaceId(
                                    Pattern.compile("Demo workspace created: ([0-9a-f]{24})").matcher(first.output()).results()
                                            .findFirst().orElseThrow().group(1)))
                            .orElseThrow().id());
            assertThat(demoLine).extracting(l -> l.id().value()).contains("667f1f77bcf86cd799439011");
        }
    }
}
