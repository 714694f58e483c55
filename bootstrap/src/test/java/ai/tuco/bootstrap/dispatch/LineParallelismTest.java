package ai.tuco.bootstrap.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LineId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One dispatcher thread, one claimed batch holding two lines: the line whose provider hangs does not hold up the other.
 * The sandbox's slow recipient blocks until the provider timeout (2 s here) cuts it off.
 */
class LineParallelismTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static DispatchHarness node;

    @BeforeAll
    static void start() {
        node = new DispatchHarness(db, Clock.systemUTC(), DispatchHarness.testSettings(),
                "TUCO_DISPATCH_ENABLED", "true", "TUCO_DISPATCH_THREADS", "1");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aHangingLine_doesNotDelayTheOtherLinesOfItsBatch() {
        var ws = node.workspace();
        LineId hanging = node.line(ws, Channel.SMS);
        LineId healthy = node.line(ws, Channel.SMS);
        node.exec("UPDATE lines SET pacing_seconds = 0 WHERE workspace_id = ?", ws.id().value());
        // The same due time, so the one dispatcher claims all four in one batch, two per line. Whatever order the
        // batch takes, a second healthy message comes after a hanging one unless lines are sent side by side.
        String due = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS).toString();
        List<String> slow = new ArrayList<>();
        List<String> quick = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            slow.add(node.send(ws, Map.of("message", "hi", "messageType", "sms", "fromLineId", hanging.value(),
                    "recipientPhone", "+12025550105", "scheduledDate", due)));
            quick.add(node.send(ws, Map.of("message", "hi", "messageType", "sms", "fromLineId", healthy.value(),
                    "recipientPhone", "+1202555600" + i, "scheduledDate", due)));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> node.sql(
                "SELECT count(*) FROM message_events WHERE message_id = ANY(?) AND to_status = 'queued'",
                (Object) slow.toArray(String[]::new)) >= 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.sql(
                "SELECT count(*) FROM sandbox_sends WHERE message_id = ANY(?)", (Object) quick.toArray(String[]::new)) == 2);
        assertThat(node.sql("SELECT count(DISTINCT first) FROM (SELECT min(at) AS first FROM message_events "
                + "WHERE message_id = ANY(?) AND to_status = 'sending' GROUP BY message_id) f",
                (Object) all(slow, quick))).as("all four claimed in one batch").isEqualTo(1);
        long lastQuickSent = node.sql("SELECT (extract(epoch FROM max(at)) * 1000)::bigint FROM sandbox_sends "
                + "WHERE message_id = ANY(?)", (Object) quick.toArray(String[]::new));
        long firstCutOff = node.sql("SELECT (extract(epoch FROM min(at)) * 1000)::bigint FROM message_events "
                + "WHERE message_id = ANY(?) AND to_status = 'queued' AND from_status = 'sending'", (Object) slow.toArray(String[]::new));
        assertThat(lastQuickSent).as("both healthy sends finished before the first hanging one was cut off")
                .isLessThan(firstCutOff);
        assertThat(node.sql("SELECT count(*) FROM sandbox_sends WHERE message_id = ANY(?)", (Object) slow.toArray(String[]::new)))
                .isZero();
    }

    private static String[] all(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out.toArray(String[]::new);
    }
}
