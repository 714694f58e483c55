package ai.tuco.adapters.persistence.message;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The multi-row transition statement runs on every claim, every outcome group and every poll's batch of provider
 * events: its cached generic plan (ADR 7) must reach each message, its events and its queue row through their primary
 * keys, on an empty database and on one whose tables were never analyzed.
 */
class TransitionPlanTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    /** Also the statement for sends written where still claimed (ADR 31), which locks their messages and leases first. */
    @ParameterizedTest(name = "{0} with {1} never-analyzed messages")
    @CsvSource({"RECORD_TRANSITIONS, 0", "RECORD_TRANSITIONS, 20000", "RECORD_CLAIMED_SENDS, 0", "RECORD_CLAIMED_SENDS, 20000"})
    void genericPlan_readsEachMessageEventAndQueueRowByItsKey(String statement, int rows) {
        String text = genericPlan(statement.equals("RECORD_TRANSITIONS") ? JdbiMessageRepository.RECORD_TRANSITIONS
                : JdbiMessageRepository.RECORD_CLAIMED_SENDS, rows);
        assertThat(text).as(text)
                .containsPattern("Index Scan using messages_pkey on messages m(_1)? .*\n *Index Cond: \\(id = i(_1)?\\.id\\)")
                .contains("message_events_pkey on message_events")
                .contains("Index Scan using dispatch_queue_pkey on dispatch_queue")
                .doesNotContain("Seq Scan on messages")
                .doesNotContain("Seq Scan on message_events")
                .doesNotContain("Seq Scan on dispatch_queue")
                .doesNotContain("dispatch_queue_owner");
    }

    /** The statement's plan under force_generic_plan, with {@code rows} messages, events and queue rows stored. */
    private static String genericPlan(String statement, int rows) {
        db.jdbi().useHandle(h -> {
            for (String table : List.of("messages", "message_events", "dispatch_queue")) {
                h.execute("ALTER TABLE " + table + " SET (autovacuum_enabled = false)");
            }
            h.execute("TRUNCATE messages, message_events, dispatch_queue CASCADE");
            if (rows > 0) {
                h.execute("INSERT INTO workspaces (id, name, created_at, updated_at) VALUES ('w00000000000000000000001', 'plan', now(), now())"
                        + " ON CONFLICT DO NOTHING");
                h.execute("INSERT INTO lines (id, workspace_id, channels, provider, created_at, updated_at) VALUES "
                        + "('l00000000000000000000001', 'w00000000000000000000001', ARRAY['sms'], 'sandbox', now(), now()) ON CONFLICT DO NOTHING");
                h.execute("INSERT INTO leads (id, workspace_id, created_at, updated_at) VALUES "
                        + "('d00000000000000000000001', 'w00000000000000000000001', now(), now()) ON CONFLICT DO NOTHING");
                h.execute("""
                        INSERT INTO messages (id, workspace_id, line_id, lead_id, message_type, status, template, due_at,
                            correlation_id, created_at, updated_at)
                        SELECT lpad(g::text, 24, '0'), 'w00000000000000000000001', 'l00000000000000000000001',
                            'd00000000000000000000001', 'sms', 'queued', 'Hi', now(), 'c', now(), now()
                        FROM generate_series(1, ?) g""", rows);
                h.execute("""
                        INSERT INTO message_events (message_id, seq, workspace_id, type, to_status, at)
                        SELECT id, 1, workspace_id, 'created', 'queued', now() FROM messages""");
                h.execute("""
                        INSERT INTO dispatch_queue (message_id, workspace_id, line_id, due_at)
                        SELECT id, workspace_id, line_id, now() FROM messages""");
            }
        });
        return db.genericPlan(statement, Map.of());
    }
}
