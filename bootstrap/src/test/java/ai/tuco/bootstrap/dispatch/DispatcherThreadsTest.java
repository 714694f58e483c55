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
 * Real dispatcher threads (TUCO_DISPATCH_THREADS=2) with a poll interval far longer than the test waits, so only the
 * wake-ups can explain a prompt send: in-process on the accepting node, LISTEN/NOTIFY from another node.
 */
class DispatcherThreadsTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static DispatchHarness node;
    static DispatchHarness apiOnly;

    @BeforeAll
    static void start() {
        DispatchSettings slowPoll = DispatchHarness.testSettings().withPolling(Duration.ofSeconds(60), Duration.ofSeconds(5));
        // The system clock: the sandbox's "delivered" a second later comes from a due row, not a timer.
        Clock systemTime = Clock.systemUTC();
        node = new DispatchHarness(db, systemTime, slowPoll, "TUCO_DISPATCH_ENABLED", "true", "TUCO_DISPATCH_THREADS", "2");
        apiOnly = new DispatchHarness(db, systemTime, slowPoll);
    }

    @AfterAll
    static void stop() {
        apiOnly.close();
        node.close();
    }

    @Test
    void acceptingNode_wakesItsOwnDispatchers_andTheSandboxDeliversFromADueRow() {
        var ws = node.workspace();
        LineId line = node.line(ws, Channel.IMESSAGE);
        String id = node.send(ws, line, Channel.IMESSAGE, node.lead(ws, "W", "+12025554001"), "hi");
        await().atMost(Duration.ofSeconds(5)).until(() -> node.status(ws, id).equals("sent"));
        await().atMost(Duration.ofSeconds(8)).until(() -> node.status(ws, id).equals("delivered"));
    }

    @Test
    void anotherNodesAccept_wakesThisNodesDispatchersThroughNotify() {
        var ws = apiOnly.workspace();
        LineId line = apiOnly.line(ws, Channel.SMS);
        String id = apiOnly.send(ws, line, Channel.SMS, apiOnly.lead(ws, "N", "+12025554002"), "hi");
        await().atMost(Duration.ofSeconds(5)).until(() -> apiOnly.status(ws, id).equals("sent"));
    }

    @Test
    void twoDispatcherThreads_sendEveryMessageExactlyOnce() {
        var ws = node.workspace();
        List<LineId> lines = List.of(node.line(ws, Channel.SMS), node.line(ws, Channel.SMS), node.line(ws, Channel.SMS));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ids.add(node.send(ws, Map.of("message", "hi {{firstName|there}}", "messageType", "sms",
                    "fromLineId", lines.get(i % 3).value(), "recipientPhone", "+1202555" + (5000 + i))));
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                node.sql("SELECT count(*) FROM messages WHERE workspace_id = ? AND status IN ('sent', 'delivered')",
                        ws.id().value()) == 60);
        assertThat(node.sql("SELECT count(*) FROM sandbox_sends WHERE workspace_id = ?", ws.id().value())).isEqualTo(60);
        assertThat(node.sql("SELECT count(DISTINCT message_id) FROM sandbox_sends WHERE workspace_id = ?", ws.id().value()))
                .isEqualTo(60);
        assertThat(node.sql("SELECT count(*) FROM message_events e JOIN messages m ON m.id = e.message_id "
                + "WHERE m.workspace_id = ? AND e.to_status = 'sent' AND e.type = 'status_changed'", ws.id().value())).isEqualTo(60);
    }
}
