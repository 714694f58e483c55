package ai.tuco.adapters.persistence.provider;

import ai.tuco.application.provider.port.out.SandboxStore;
import ai.tuco.domain.shared.MessageId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The sandbox provider's ledger and pending outcomes. */
public final class JdbiSandboxStore implements SandboxStore {
    private final Jdbi jdbi;

    public JdbiSandboxStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    private static final String INSERT_SEND = """
            INSERT INTO sandbox_sends (message_id, workspace_id, line_id, channel, recipient, body, outcome, external_id,
                                       error_code, at)
            VALUES (:m, :w, :l, :c, :r, :b, :o, :x, :e, :at)""";

    /** The send and the event it will report, in one statement (one round trip, one commit per send). */
    @Override
    public void recordSend(Send s, Optional<Later> later) {
        String sql = later.isEmpty() ? INSERT_SEND : "WITH sent AS (" + INSERT_SEND + """
                )
                INSERT INTO sandbox_outcomes (message_id, workspace_id, external_id, status, error_code, error_message, due_at)
                VALUES (:m, :w, :x, :status, :outcomeCode, :outcomeMessage, :due)""";
        jdbi.useHandle(h -> {
            var update = h.createUpdate(sql)
                    .bind("m", s.messageId().value())
                    .bind("w", s.workspaceId())
                    .bind("l", s.lineId())
                    .bind("c", s.channel())
                    .bind("r", s.recipient())
                    .bind("b", s.body())
                    .bind("o", s.accepted() ? "accepted" : "rejected")
                    .bind("x", s.externalId().orElse(null))
                    .bind("e", s.errorCode().orElse(null))
                    .bind("at", s.at());
            later.ifPresent(l -> update
                    .bind("status", l.status())
                    .bind("outcomeCode", l.errorCode().orElse(null))
                    .bind("outcomeMessage", l.errorMessage().orElse(null))
                    .bind("due", l.dueAt()));
            update.execute();
        });
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
                .bind("ids", outcomeIds.toArray(Long[]::new)).execute());
    }
}
