package ai.tuco.adapters.persistence.line;

import ai.tuco.adapters.persistence.shared.Rows;
import ai.tuco.application.line.port.out.LineHealthStore;
import ai.tuco.domain.line.LineHealth;
import ai.tuco.domain.shared.LineId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Line health in {@code line_health} (results) and {@code line_health_schedule} (when each line's periodic check is
 * due): neither touches {@code lines}, so a check never waits on the dispatch gate's row locks nor sends a change notice.
 */
public final class JdbiLineHealthStore implements LineHealthStore {
    private final Jdbi jdbi;

    public JdbiLineHealthStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Map<LineId, LineHealth> find(Collection<LineId> lines) {
        if (lines.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT line_id, status, checked_at, reason FROM line_health WHERE line_id = ANY(:ids)")
                .bind("ids", lines.stream().map(LineId::value).toArray(String[]::new))
                .reduceResultSet(new HashMap<LineId, LineHealth>(), (map, rs, ctx) -> {
                    map.put(new LineId(rs.getString("line_id")), new LineHealth(
                            LineHealth.Status.fromWire(rs.getString("status")),
                            Optional.of(Rows.instant(rs, "checked_at")),
                            Rows.optString(rs, "reason")));
                    return map;
                }));
    }

    @Override
    public void record(LineId line, LineHealth health) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO line_health (line_id, workspace_id, status, checked_at, reason)
                        VALUES (:line, (SELECT workspace_id FROM lines WHERE id = :line), :status, :at, :reason)
                        ON CONFLICT (line_id) DO UPDATE SET status = excluded.status, checked_at = excluded.checked_at,
                                                            reason = excluded.reason, workspace_id = excluded.workspace_id""")
                .bind("line", line.value())
                .bind("status", health.status().wireName())
                .bind("at", health.checkedAt().orElseThrow(() -> new IllegalArgumentException("a recorded check has a time")))
                .bind("reason", health.reason().orElse(null))
                .execute());
    }

    @Override
    public List<LineId> claimDueChecks(Instant now, Duration every, int limit) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("""
                            INSERT INTO line_health_schedule (line_id, workspace_id, next_check_at)
                            SELECT l.id, l.workspace_id, '-infinity' FROM lines l
                            WHERE l.is_active AND NOT EXISTS (SELECT 1 FROM line_health_schedule s WHERE s.line_id = l.id)
                            ON CONFLICT (line_id) DO NOTHING""")
                    .execute();
            return h.createQuery("""
                            UPDATE line_health_schedule s SET next_check_at = :next
                            WHERE s.line_id IN (SELECT d.line_id FROM line_health_schedule d JOIN lines l ON l.id = d.line_id
                                                WHERE d.next_check_at <= :now AND l.is_active
                                                ORDER BY d.next_check_at, d.line_id
                                                LIMIT :limit FOR UPDATE OF d SKIP LOCKED)
                            RETURNING s.line_id""")
                    .bind("now", now)
                    .bind("next", now.plus(every))
                    .bind("limit", limit)
                    .mapTo(String.class)
                    .stream().map(LineId::new).toList();
        });
    }
}
