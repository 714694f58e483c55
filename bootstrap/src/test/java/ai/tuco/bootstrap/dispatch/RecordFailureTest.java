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
 * A dispatcher round that fails part-way (here: recording a send's outcome throws, as when the database connection
 * drops) must not strand the rest of its batch: the claims it had not started go back to the queue, and the claim that
 * failed is no longer renewed, so it expires and is swept (or a provider event finishes it). Before the fix the
 * dispatcher kept renewing every lease of its owner name, so those messages stayed {@code sending} for as long as the
 * node lived.
 */
class RecordFailureTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static DispatchHarness node;

    @BeforeAll
    static void start() {
        DispatchSettings settings = DispatchHarness.testSettings().withPolling(Duration.ofMillis(200), Duration.ofSeconds(1));
        // Dispatchers off until the batch is queued, so the first round claims all of it; one dispatcher thread.
        node = new DispatchHarness(db, Clock.systemUTC(), settings, "TUCO_DISPATCH_THREADS", "1");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void recordingThatThrows_doesNotStrandTheRestOfTheBatch() {
        var ws = node.workspace();
        List<LineId> lines = List.of(node.line(ws, Channel.SMS), node.line(ws, Channel.SMS));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) { // two lines of five: one batch (batch size 10, at most 5 per line)
            ids.add(node.send(ws, Map.of("message", "hi", "messageType", "sms", "fromLineId", lines.get(i % 2).value(),
                    "recipientPhone", "+1202555" + (6000 + i))));
        }
        // The first "sending -> sent" update fails (a sequence is not rolled back with the failing transaction).
        node.exec("CREATE SEQUENCE test_record_failures");
        node.exec("""
                CREATE FUNCTION test_fail_first_record() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF OLD.status = 'sending' AND NEW.status = 'sent' AND nextval('test_record_failures') = 1 THEN
                        RAISE EXCEPTION 'injected failure while recording a send';
                    END IF;
                    RETURN NEW;
                END $$""");
        node.exec("CREATE TRIGGER test_fail_first_record BEFORE UPDATE ON messages FOR EACH ROW "
                + "EXECUTE FUNCTION test_fail_first_record()");
        try {
            node.tuco.startDispatchers();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                    node.sql("SELECT count(*) FROM messages WHERE workspace_id = ? AND status IN ('sent', 'delivered')",
                            ws.id().value()) == 10);
            assertThat(node.sql("SELECT last_value FROM test_record_failures")).as("the failure was injected").isPositive();
            // Each message went out once: the one whose outcome was lost was finished by the provider's own event.
            for (String id : ids) {
                assertThat(node.ledger(id, "accepted")).as(id).isEqualTo(1);
            }
            assertThat(node.sql("SELECT count(*) FROM dispatch_queue WHERE workspace_id = ?", ws.id().value())).isZero();
        } finally {
            node.exec("DROP TRIGGER test_fail_first_record ON messages");
        }
    }
}
