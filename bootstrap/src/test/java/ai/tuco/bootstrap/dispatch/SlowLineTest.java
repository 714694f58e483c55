package ai.tuco.bootstrap.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.dispatch.DispatchSettings;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LineId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A line whose provider hangs keeps only itself busy: with one dispatcher thread, another line's messages, which need
 * several rounds (at most 5 of a line per round), all go out while the hanging send is still in progress. Before, a
 * dispatcher waited for every line of its round, so each round that held the hanging line stalled every line behind
 * it for up to the provider timeout. A line's next claim also waits for its claim in progress (one batch per line).
 */
class SlowLineTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static DispatchHarness node;

    @BeforeAll
    static void start() {
        // The sandbox's slow recipient takes 12 s; the provider timeout (10 s) is far above a round's 1 s wait.
        DispatchSettings settings = DispatchSettings.defaults(5)
                .withLease(Duration.ofSeconds(20), Duration.ofSeconds(2), Duration.ofSeconds(10))
                .withBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 5)
                .withSandbox(Duration.ofSeconds(1), Duration.ofSeconds(12))
                .withPolling(Duration.ofMillis(200), Duration.ofSeconds(1));
        node = new DispatchHarness(db, Clock.systemUTC(), settings, "TUCO_DISPATCH_THREADS", "1");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aHangingLine_doesNotHoldUpTheOthers() {
        var ws = node.workspace();
        LineId hanging = node.line(ws, Channel.SMS);
        LineId healthy = node.line(ws, Channel.SMS);
        String slow = node.send(ws, Map.of("message", "slow", "messageType", "sms", "fromLineId", hanging.value(),
                "recipientPhone", "+12025550105"));
        String behind = node.send(ws, Map.of("message", "after the slow one", "messageType", "sms",
                "fromLineId", hanging.value(), "recipientPhone", "+12025556100"));
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 15; i++) { // three rounds' worth for one line
            others.add(node.send(ws, Map.of("message", "hi", "messageType", "sms", "fromLineId", healthy.value(),
                    "recipientPhone", "+1202555" + (6200 + i))));
        }

        node.tuco.startDispatchers();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> node.sql(
                "SELECT count(*) FROM messages WHERE workspace_id = ? AND line_id = ? AND status IN ('sent', 'delivered')",
                ws.id().value(), healthy.value()) == others.size());
        assertThat(node.status(ws, slow)).as("the hanging send is still in progress").isEqualTo("sending");
        assertThat(node.status(ws, behind)).as("the hanging line's next message waits for its claim in progress")
                .isIn("queued", "sending");
        assertThat(node.ledger(behind, "accepted")).as("not sent beside the hanging one").isZero();
    }
}
