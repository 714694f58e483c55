package ai.tuco.adapters.persistence.provider;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.postgres.TestRows;
import ai.tuco.application.provider.port.out.SandboxStore.Later;
import ai.tuco.application.provider.port.out.SandboxStore.Outcome;
import ai.tuco.application.provider.port.out.SandboxStore.Send;
import ai.tuco.application.provider.port.out.SandboxStore;
import ai.tuco.domain.shared.MessageId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SandboxStore port's contract on PostgreSQL: the ledger of sends and the outcomes reported later. */
class JdbiSandboxStoreTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    private final TestRows rows = new TestRows(db);
    private final SandboxStore store = new JdbiSandboxStore(db.jdbi());
    private String ws;
    private String line;
    private String lead;

    @BeforeEach
    void aWorkspace() {
        // takeDue reads every workspace's outcomes: each test starts from none
        db.exec("DELETE FROM sandbox_outcomes");
        ws = rows.workspace();
        line = rows.line(ws);
        lead = rows.lead(ws);
    }

    private MessageId message() {
        return new MessageId(rows.message(ws, line, lead, "sending", NOW));
    }

    @Test
    void recordSend_appendsToTheLedger_andSendCountCountsEveryAttempt() {
        MessageId id = message();
        store.recordSend(new Send(id, ws, line, "sms", "+14155550100", "hello", true, Optional.of("sbx-1"), Optional.empty(), NOW));
        store.recordSend(new Send(id, ws, line, "sms", "+14155550100", "hello", false, Optional.empty(), Optional.of("SANDBOX_REJECTED"),
                NOW.plusSeconds(1)));

        assertThat(store.sendCount(id)).isEqualTo(2);
        assertThat(store.sendCount(message())).isZero();
        Map<String, Object> accepted = db.row("SELECT * FROM sandbox_sends WHERE message_id = ? AND outcome = 'accepted'", id.value());
        assertThat(accepted).containsEntry("workspace_id", ws).containsEntry("line_id", line).containsEntry("channel", "sms")
                .containsEntry("recipient", "+14155550100").containsEntry("body", "hello").containsEntry("external_id", "sbx-1");
        assertThat(db.strings("SELECT error_code FROM sandbox_sends WHERE message_id = ? AND outcome = 'rejected'", id.value()))
                .containsExactly("SANDBOX_REJECTED");
    }

    @Test
    void scheduledOutcomes_takeDue_returnsTheDueOnes_earliestFirst_upToTheLimit() {
        MessageId a = message();
        MessageId b = message();
        MessageId later = message();
        later(b, "sbx-b", "failed", Optional.of("UNREACHABLE"), Optional.of("no such number"), NOW.minusSeconds(1));
        later(a, "sbx-a", "delivered", Optional.empty(), Optional.empty(), NOW.minusSeconds(2));
        later(later, "sbx-l", "read", Optional.empty(), Optional.empty(), NOW.plusSeconds(60));

        assertThat(store.takeDue(NOW, 1, NOW.plusSeconds(30))).extracting(Outcome::messageId).containsExactly(a);
        List<Outcome> due = store.takeDue(NOW, 10, NOW.plusSeconds(30));

        assertThat(due).extracting(Outcome::messageId).containsExactly(b);
        Outcome failed = due.get(0);
        assertThat(failed.externalId()).isEqualTo("sbx-b");
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.errorCode()).contains("UNREACHABLE");
        assertThat(failed.errorMessage()).contains("no such number");
        List<Outcome> rest = store.takeDue(NOW.plusSeconds(60), 10, NOW.plusSeconds(90));
        assertThat(rest).extracting(Outcome::messageId).as("the hidden ones are due again with the later one")
                .containsExactlyInAnyOrder(a, b, later);
        assertThat(rest).filteredOn(o -> o.messageId().equals(a)).singleElement()
                .satisfies(o -> assertThat(o.errorCode()).isEmpty());
    }

    @Test
    void takenOutcomes_areHiddenUntilHideUntil_soACrashOnlyDelaysThem() {
        MessageId id = message();
        later(id, "sbx-h", "delivered", Optional.empty(), Optional.empty(), NOW);

        assertThat(store.takeDue(NOW, 10, NOW.plusSeconds(30))).hasSize(1);

        assertThat(store.takeDue(NOW.plusSeconds(29), 10, NOW.plusSeconds(60))).isEmpty();
        assertThat(store.takeDue(NOW.plusSeconds(30), 10, NOW.plusSeconds(60))).extracting(Outcome::messageId).containsExactly(id);
    }

    @Test
    void done_removesReportedOutcomes_andAnEmptyListIsANoOp() {
        later(message(), "sbx-1", "delivered", Optional.empty(), Optional.empty(), NOW);
        later(message(), "sbx-2", "delivered", Optional.empty(), Optional.empty(), NOW);
        List<Outcome> due = store.takeDue(NOW, 10, NOW.plusSeconds(30));

        store.done(List.of());
        assertThat(db.count("SELECT count(*) FROM sandbox_outcomes")).isEqualTo(2);

        store.done(List.of(due.get(0).id()));
        assertThat(db.count("SELECT count(*) FROM sandbox_outcomes")).isEqualTo(1);
        assertThat(store.takeDue(NOW.plusSeconds(30), 10, NOW.plusSeconds(60))).extracting(Outcome::id).containsExactly(due.get(1).id());
    }

    @Test
    void anAcceptedSendWithItsLaterEvent_writesBoth_withTheSendsWorkspace() {
        MessageId id = message();

        store.recordSend(new Send(id, ws, line, "imessage", "+14155550101", "hi", true, Optional.of("sbx-w"), Optional.empty(), NOW),
                Optional.of(new Later("failed", Optional.of("UNDELIVERED"), Optional.of("carrier said no"), NOW.plusSeconds(1))));

        assertThat(db.row("SELECT workspace_id, line_id, outcome, external_id FROM sandbox_sends WHERE message_id = ?", id.value()))
                .containsEntry("workspace_id", ws).containsEntry("line_id", line).containsEntry("outcome", "accepted")
                .containsEntry("external_id", "sbx-w");
        assertThat(store.takeDue(NOW, 10, NOW.plusSeconds(30))).isEmpty();
        assertThat(store.takeDue(NOW.plusSeconds(1), 10, NOW.plusSeconds(30))).singleElement().satisfies(o -> {
            assertThat(o.messageId()).isEqualTo(id);
            assertThat(o.externalId()).isEqualTo("sbx-w");
            assertThat(o.status()).isEqualTo("failed");
            assertThat(o.errorCode()).contains("UNDELIVERED");
            assertThat(o.errorMessage()).contains("carrier said no");
        });
        assertThat(db.strings("SELECT workspace_id FROM sandbox_outcomes WHERE message_id = ?", id.value())).containsExactly(ws);
    }

    /** An accepted send of this message, with the event it reports at {@code due}. */
    private void later(MessageId id, String externalId, String status, Optional<String> errorCode,
            Optional<String> errorMessage, Instant due) {
        store.recordSend(new Send(id, ws, line, "sms", "+14155550100", "hello", true, Optional.of(externalId), Optional.empty(), NOW),
                Optional.of(new Later(status, errorCode, errorMessage, due)));
    }
}
