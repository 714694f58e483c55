package ai.tuco.adapters.persistence.provider;

import ai.tuco.adapters.persistence.shared.TextColumns;
import ai.tuco.application.provider.port.out.SandboxStore;
import ai.tuco.domain.shared.MessageId;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.postgresql.PGStatement;

/** The sandbox provider's ledger and pending outcomes. */
public final class JdbiSandboxStore implements SandboxStore {
    private final Jdbi jdbi;

    /**
     * Planned on each execution, never server-prepared (ADR 38). {@code sandbox_outcomes} churns: every sandbox send
     * adds a row and its report deletes it, so the table swings between a page and thousands (dead rows until vacuum).
     * A cached generic plan made while it is small scans it sequentially, and keeps doing so as it grows: measured at
     * 8 ms (delete) and 26 ms (take) per call on 100,000 rows, and 7.9 % of PostgreSQL's CPU in bench/dispatch. An
     * unnamed statement is planned with its values and the table's size of the moment (tens of microseconds).
     */
    private static final StatementCustomizer PLANNED_EACH_TIME = new StatementCustomizer() {
        @Override
        public void beforeExecution(PreparedStatement statement, StatementContext ctx) throws SQLException {
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        }
    };

    public JdbiSandboxStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Sends and the events they will report, any number in one statement (one array per column): the ledger rows, and
     * an outcome row for each send with a {@code due} time.
     *
     * <p>Committed without waiting for the WAL flush ({@code async}: {@code synchronous_commit} off for this statement's
     * own transaction only, ADR 26). The node acts on a send only by recording its outcome in a later, synchronous
     * commit, and WAL is flushed in order: once that outcome is durable, so is the ledger row. A database crash before
     * the flush loses both, and the message, still claimed, is sent again; a node crash loses nothing.
     */
    private static final String INSERT_SENDS = """
            WITH async AS (SELECT set_config('synchronous_commit', 'off', true)),
            input AS (
                SELECT t.* FROM async, unnest(CAST(:m AS text[]), CAST(:w AS text[]), CAST(:l AS text[]), CAST(:c AS text[]),
                    CAST(:r AS text[]), CAST(:b AS text[]), CAST(:o AS text[]), CAST(:x AS text[]), CAST(:e AS text[]),
                    CAST(:at AS timestamptz[]), CAST(:status AS text[]), CAST(:outcomeCode AS text[]),
                    CAST(:outcomeMessage AS text[]), CAST(:due AS timestamptz[]))
                    AS t(m, w, l, c, r, b, o, x, e, at, status, outcome_code, outcome_message, due)),
            sent AS (
                INSERT INTO sandbox_sends (message_id, workspace_id, line_id, channel, recipient, body, outcome,
                                           external_id, error_code, at)
                SELECT m, w, l, c, r, b, o, x, e, at FROM input)
            INSERT INTO sandbox_outcomes (message_id, workspace_id, external_id, status, error_code, error_message, due_at)
            SELECT m, w, x, status, outcome_code, outcome_message, due FROM input WHERE due IS NOT NULL""";

    /**
     * One statement, on a connection of its own in autocommit even on a thread inside a transaction (jdbi.useHandle
     * would join it): the sends must not wait for, or roll back with, a caller's transaction, and the asynchronous
     * commit must stay this statement's.
     */
    @Override
    public void recordSends(List<Recorded> all) {
        if (all.isEmpty()) {
            return;
        }
        TextColumns c = new TextColumns(all.size());
        for (Recorded r : all) {
            Send s = r.send();
            c.add("m", s.messageId().value());
            c.add("w", s.workspaceId());
            c.add("l", s.lineId());
            c.add("c", s.channel());
            c.add("r", s.recipient());
            c.add("b", s.body());
            c.add("o", s.accepted() ? "accepted" : "rejected");
            c.add("x", s.externalId().orElse(null));
            c.add("e", s.errorCode().orElse(null));
            c.add("at", s.at().toString());
            c.add("status", r.later().map(Later::status).orElse(null));
            c.add("outcomeCode", r.later().flatMap(Later::errorCode).orElse(null));
            c.add("outcomeMessage", r.later().flatMap(Later::errorMessage).orElse(null));
            c.add("due", r.later().map(l -> l.dueAt().toString()).orElse(null));
        }
        try (Handle h = jdbi.open()) {
            c.bindTo(h.createUpdate(INSERT_SENDS)).execute();
        }
    }

    @Override
    public Optional<String> acceptedExternalId(MessageId id) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT external_id FROM sandbox_sends WHERE message_id = :m AND outcome = 'accepted'
                        ORDER BY at DESC LIMIT 1""")
                .bind("m", id.value())
                .mapTo(String.class)
                .findOne());
    }

    @Override
    public int sendCount(MessageId id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM sandbox_sends WHERE message_id = :m")
                .bind("m", id.value())
                .mapTo(Integer.class)
                .one());
    }

    @Override
    public List<Outcome> takeDue(Instant now, int limit, Instant hideUntil) {
        return jdbi.withHandle(h -> h.createQuery("""
                        UPDATE sandbox_outcomes SET due_at = :hide
                        WHERE id IN (SELECT id FROM sandbox_outcomes WHERE due_at <= :now ORDER BY due_at, id
                                     LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING id, message_id, external_id, status, error_code, error_message""")
                .addCustomizer(PLANNED_EACH_TIME)
                .bind("hide", hideUntil)
                .bind("now", now)
                .bind("limit", limit)
                .map((rs, ctx) -> new Outcome(rs.getLong("id"), new MessageId(rs.getString("message_id")),
                        rs.getString("external_id"), rs.getString("status"),
                        Optional.ofNullable(rs.getString("error_code")), Optional.ofNullable(rs.getString("error_message"))))
                .list());
    }

    @Override
    public void done(List<Long> outcomeIds) {
        if (outcomeIds.isEmpty()) {
            return;
        }
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sandbox_outcomes WHERE id = ANY(CAST(:ids AS bigint[]))")
                .addCustomizer(PLANNED_EACH_TIME)
                .bind("ids", outcomeIds.toArray(Long[]::new)).execute());
    }
}
