package ai.tuco.bootstrap.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
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
 * With outcomes recorded in groups (ADR 23), a send's outcome is still committed before the next send on its line: the
 * crash window for a duplicate stays one send wide. A trigger on the sandbox's ledger checks it at every send, from
 * the database's side: no earlier send of the same line may belong to a message still {@code sending} (sent, outcome
 * not yet committed).
 */
class OutcomeBeforeNextSendTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static DispatchHarness node;

    @BeforeAll
    static void start() {
        node = new DispatchHarness(db, Clock.systemUTC(), DispatchHarness.testSettings(), "TUCO_DISPATCH_THREADS", "2");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void manyMessagesOnFewLines_eachSendFindsThePreviousOutcomeOfItsLineCommitted() {
        var ws = node.workspace();
        List<LineId> lines = List.of(node.line(ws, Channel.SMS), node.line(ws, Channel.SMS), node.line(ws, Channel.SMS));
        node.exec("UPDATE lines SET pacing_seconds = 0 WHERE workspace_id = ?", ws.id().value());
        node.exec("CREATE TABLE test_unrecorded_before_send (message_id text, earlier_message_id text)");
        node.exec("""
                CREATE FUNCTION test_outcome_before_next_send() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO test_unrecorded_before_send
                    SELECT NEW.message_id, s.message_id FROM sandbox_sends s JOIN messages m ON m.id = s.message_id
                    WHERE s.line_id = NEW.line_id AND s.message_id <> NEW.message_id AND m.status = 'sending';
                    RETURN NEW;
                END $$""");
        node.exec("CREATE TRIGGER test_outcome_before_next_send BEFORE INSERT ON sandbox_sends FOR EACH ROW "
                + "EXECUTE FUNCTION test_outcome_before_next_send()");
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 36; i++) {
                ids.add(node.send(ws, Map.of("message", "hi", "messageType", "sms", "fromLineId", lines.get(i % 3).value(),
                        "recipientPhone", "+1202555" + (8000 + i))));
            }
            node.tuco.startDispatchers();
            await().atMost(Duration.ofSeconds(30)).until(() -> node.sql(
                    "SELECT count(*) FROM messages WHERE id = ANY(?) AND sent_at IS NOT NULL", (Object) ids.toArray(String[]::new)) == 36);
            assertThat(node.sql("SELECT count(*) FROM sandbox_sends WHERE message_id = ANY(?)", (Object) ids.toArray(String[]::new)))
                    .as("each sent once").isEqualTo(36);
            assertThat(node.sql("SELECT count(*) FROM test_unrecorded_before_send"))
                    .as("sends that started while an earlier send of their line was unrecorded").isZero();
        } finally {
            node.exec("DROP TRIGGER test_outcome_before_next_send ON sandbox_sends");
        }
    }
}
