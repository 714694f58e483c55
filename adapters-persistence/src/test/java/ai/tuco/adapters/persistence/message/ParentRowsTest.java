package ai.tuco.adapters.persistence.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.tuco.adapters.persistence.lead.JdbiLeadRepository;
import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.OnConflict;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.message.Accepted;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.NewMessage;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WorkspaceId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Messages and leads keep their workspace, line and lead without foreign keys (V18, ADR 33): writing them locks no
 * parent row, and a parent they refer to cannot be deleted or truncated, not even while an accept is writing.
 */
class ParentRowsTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final Instant NOW = Instant.parse("2026-03-09T15:00:00Z");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private final MessageRepository messages = new JdbiMessageRepository(db.jdbi());
    private WorkspaceId workspace;
    private LineId line;
    private LeadId lead;

    @BeforeEach
    void seed() {
        workspace = new WorkspaceId(id());
        db.exec("INSERT INTO workspaces (id, name, created_at, updated_at) VALUES (?, 'test', now(), now())",
                workspace.value());
        line = newLine();
        lead = newLead();
    }

    @Test
    void acceptingAMessageForANewLead_locksNeitherTheWorkspaceNorTheLineNorTheLead() {
        long workspaceBefore = xmax("workspaces", workspace.value()); // the line's own foreign key locked it
        Lead fresh = new Lead(new LeadId(id()), workspace, "Ada", "Lovelace", Optional.of(new E164Phone("+15551230009")),
                Optional.empty(), List.of(), List.of(), "", "", "", Map.of(), Optional.empty(), "api", NOW, NOW);
        assertThat(new JdbiLeadRepository(db.jdbi()).insertNewLeads(List.of(fresh), OnConflict.FAIL)).containsExactly(true);

        accept(fresh.id());

        // a foreign key check takes FOR KEY SHARE on the parent row, which leaves the checking transaction in its xmax
        assertThat(xmax("workspaces", workspace.value())).as("workspace").isEqualTo(workspaceBefore);
        assertThat(xmax("lines", line.value())).as("line").isZero();
        assertThat(xmax("leads", fresh.id().value())).as("lead").isZero();
    }

    @Test
    void aLeadLineOrWorkspaceThatMessagesReferTo_cannotBeDeleted() {
        MessageId message = accept(lead);

        assertRefused("DELETE FROM leads WHERE id = ?", lead.value());
        assertRefused("DELETE FROM lines WHERE id = ?", line.value());
        assertRefused("DELETE FROM workspaces WHERE id = ?", workspace.value());
        assertThat(db.count("SELECT count(*) FROM messages m JOIN leads l ON l.id = m.lead_id"
                + " JOIN lines n ON n.id = m.line_id JOIN workspaces w ON w.id = m.workspace_id WHERE m.id = ?",
                message.value())).isEqualTo(1);
    }

    @Test
    void aWorkspaceWithLeads_cannotBeDeleted_evenWithoutMessages() {
        db.exec("DELETE FROM lines WHERE id = ?", line.value()); // no message refers to it: deleted

        assertRefused("DELETE FROM workspaces WHERE id = ?", workspace.value());

        db.exec("DELETE FROM leads WHERE id = ?", lead.value());
        assertThat(db.exec("DELETE FROM workspaces WHERE id = ?", workspace.value())).isEqualTo(1);
    }

    @Test
    void parentsNothingRefersTo_canBeDeleted() {
        accept(lead);
        LeadId unused = newLead();
        LineId idle = newLine();

        assertThat(db.exec("DELETE FROM leads WHERE id = ?", unused.value())).isEqualTo(1);
        assertThat(db.exec("DELETE FROM lines WHERE id = ?", idle.value())).isEqualTo(1);
    }

    @Test
    void truncatingAParent_isRefusedWhileMessagesExist() {
        accept(lead);

        for (String table : List.of("leads", "lines", "workspaces")) {
            assertRefused("TRUNCATE " + table + " CASCADE");
        }
        assertThat(db.count("SELECT count(*) FROM leads WHERE id = ?", lead.value())).isEqualTo(1);
    }

    @Test
    void aDeleteStartedWhileAnAcceptIsWriting_waitsForItAndIsRefused() throws Exception {
        LeadId other = newLead();
        try (Connection accepting = db.dataSource().getConnection();
                Connection deleting = db.dataSource().getConnection()) {
            accepting.setAutoCommit(false);
            try (Statement s = accepting.createStatement()) {
                // an accept in progress: its message refers to the lead, and it has not committed yet
                s.execute("INSERT INTO messages (id, workspace_id, line_id, lead_id, message_type, status, template,"
                        + " due_at, correlation_id, created_at, updated_at) VALUES ('" + id() + "', '"
                        + workspace.value() + "', '" + line.value() + "', '" + other.value()
                        + "', 'imessage', 'queued', 'hi', now(), 'c', now(), now())");
            }
            CompletableFuture<Integer> delete = CompletableFuture.supplyAsync(() -> {
                try (Statement s = deleting.createStatement()) {
                    return s.executeUpdate("DELETE FROM leads WHERE id = '" + other.value() + "'");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> db.count(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND datname = current_database() AND query LIKE 'DELETE FROM leads%'")
                    == 1);
            assertThat(delete).isNotDone();

            accepting.commit();

            assertThatThrownBy(() -> delete.get(10, TimeUnit.SECONDS))
                    .satisfies(e -> assertThat(sqlState(e)).isEqualTo(FOREIGN_KEY_VIOLATION))
                    .rootCause().hasMessageContaining("DELETE on table \"leads\" refused: messages refers to it");
        }
        assertThat(db.count("SELECT count(*) FROM leads WHERE id = ?", other.value())).isEqualTo(1);
    }

    private void assertRefused(String sql, Object... args) {
        assertThatThrownBy(() -> db.exec(sql, args))
                .satisfies(e -> assertThat(sqlState(e)).as(sql).isEqualTo(FOREIGN_KEY_VIOLATION));
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private MessageId accept(LeadId to) {
        Accepted a = Message.accept(new NewMessage(new MessageId(id()), workspace, "Hi {{firstName}}", Channel.IMESSAGE,
                line, to, Optional.of(new E164Phone("+15551230001")), Optional.empty(), "Ada", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), "corr-1", Optional.empty(), false), NOW);
        AuditLog.Entry audit = new AuditLog.Entry(Optional.of(workspace), new Actor("api_key", "key_1", Optional.empty(),
                Optional.empty()), "message.create", "message", a.message().id().value(), NOW, Map.of());
        assertThat(messages.insertAcceptedAll(List.of(new MessageRepository.NewAccept(a.message(), a.event(), audit, false)),
                OnConflict.FAIL))
                .containsExactly(a.message().id());
        return a.message().id();
    }

    private LineId newLine() {
        LineId id = new LineId(id());
        db.exec("INSERT INTO lines (id, workspace_id, channels, provider, created_at, updated_at)"
                + " VALUES (?, ?, ARRAY['imessage'], 'sandbox', now(), now())", id.value(), workspace.value());
        return id;
    }

    private LeadId newLead() {
        LeadId id = new LeadId(id());
        db.exec("INSERT INTO leads (id, workspace_id, created_at, updated_at) VALUES (?, ?, now(), now())", id.value(),
                workspace.value());
        return id;
    }

    private static long xmax(String table, String id) {
        return db.count("SELECT xmax::text::bigint FROM " + table + " WHERE id = ?", id);
    }

    private static String id() {
        return String.format("%024x", 0xbee000000L + SEQUENCE.incrementAndGet());
    }
}
