package ai.tuco.adapters.persistence.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.postgres.TestRows;
import ai.tuco.application.dispatch.port.out.QueueBacklog;
import ai.tuco.application.dispatch.port.out.QueueBacklog.Counts;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The QueueBacklog port's contract on PostgreSQL: due, later and leased rows counted apart, the oldest due one's time. */
class JdbiQueueBacklogTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    private final TestRows rows = new TestRows(db);
    private final QueueBacklog backlog = new JdbiQueueBacklog(db.jdbi());
    private String ws;
    private String line;
    private String lead;

    @BeforeEach
    void emptyQueue() {
        db.exec("DELETE FROM dispatch_queue");
        ws = rows.workspace();
        line = rows.line(ws);
        lead = rows.lead(ws);
    }

    @Test
    void anEmptyQueue_countsNothing_andHasNoOldestDueRow() {
        assertThat(backlog.read(NOW)).isEqualTo(new Counts(0, 0, 0, Optional.empty()));
    }

    @Test
    void dueLaterAndLeasedRows_areCountedApart_andTheOldestDueIsTheEarliestUnleasedDueRow() {
        rows.queued(ws, line, lead, NOW.minusSeconds(30));
        rows.queued(ws, line, lead, NOW.minusSeconds(5));
        rows.queued(ws, line, lead, NOW);
        rows.queued(ws, line, lead, NOW.plusSeconds(60));
        String leased = rows.queued(ws, line, lead, NOW.minusSeconds(90));
        db.exec("UPDATE dispatch_queue SET lease_owner = 'node-a', lease_until = ? WHERE message_id = ?",
                NOW.plusSeconds(30), leased);

        Counts counts = backlog.read(NOW);

        assertThat(counts.due()).as("due at or before now, unleased").isEqualTo(3);
        assertThat(counts.later()).isEqualTo(1);
        assertThat(counts.leased()).isEqualTo(1);
        assertThat(counts.oldestDue()).as("the leased row is older but being sent").contains(NOW.minusSeconds(30));
    }
}
