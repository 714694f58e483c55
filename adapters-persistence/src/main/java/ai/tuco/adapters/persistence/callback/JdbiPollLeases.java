package ai.tuco.adapters.persistence.callback;

import ai.tuco.adapters.persistence.shared.Rows;
import ai.tuco.application.callback.port.out.PollLeases;
import ai.tuco.domain.shared.LineId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Poll leases and cursors in {@code provider_polls}, one row per (provider, line). */
public final class JdbiPollLeases implements PollLeases {
    private final Jdbi jdbi;

    public JdbiPollLeases(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void dueNow(String provider, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE provider_polls SET next_poll_at = :now WHERE provider = :p AND next_poll_at > :now")
                .bind("p", provider)
                .bind("now", now)
                .execute());
    }

    @Override
    public List<Claimed> claimDue(String provider, Instant now, Duration interval, int limit) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("""
                            INSERT INTO provider_polls (provider, line_id, workspace_id, next_poll_at)
                            SELECT l.provider, l.id, l.workspace_id, '-infinity' FROM lines l
                            WHERE l.provider = :p AND l.is_active
                              AND NOT EXISTS (SELECT 1 FROM provider_polls x WHERE x.provider = l.provider AND x.line_id = l.id)
                            ON CONFLICT (provider, line_id) DO NOTHING""")
                    .bind("p", provider)
                    .execute();
            return h.createQuery("""
                            UPDATE provider_polls s SET next_poll_at = :next
                            WHERE s.provider = :p
                              AND s.line_id IN (SELECT d.line_id FROM provider_polls d
                                                JOIN lines l ON l.id = d.line_id AND l.provider = d.provider
                                                WHERE d.provider = :p AND d.next_poll_at <= :now AND l.is_active
                                                ORDER BY d.next_poll_at, d.line_id
                                                LIMIT :limit FOR UPDATE OF d SKIP LOCKED)
                            RETURNING s.line_id, s.cursor""")
                    .bind("p", provider)
                    .bind("now", now)
                    .bind("next", now.plus(interval))
                    .bind("limit", limit)
                    .map((rs, ctx) -> new Claimed(new LineId(rs.getString("line_id")), Rows.optString(rs, "cursor")))
                    .list();
        });
    }

    @Override
    public void saveCursor(String provider, LineId line, String cursor) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE provider_polls SET cursor = :c WHERE provider = :p AND line_id = :line")
                .bind("c", cursor)
                .bind("p", provider)
                .bind("line", line.value())
                .execute());
    }
}
