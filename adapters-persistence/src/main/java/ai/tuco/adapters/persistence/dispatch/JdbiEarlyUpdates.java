package ai.tuco.adapters.persistence.dispatch;

import ai.tuco.adapters.persistence.shared.Rows;
import ai.tuco.application.dispatch.port.out.EarlyUpdates;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import ai.tuco.domain.shared.LineId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Early status updates in {@code early_status_updates}. The (line, provider id) pair is serialised with a
 * transaction-scoped advisory lock: the callback takes it before it looks the message up, the send's record after it
 * stored the provider id, so in READ COMMITTED the second of the two always sees what the first committed.
 */
public final class JdbiEarlyUpdates implements EarlyUpdates {
    private final Jdbi jdbi;

    public JdbiEarlyUpdates(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void guard(LineId line, String externalId) {
        jdbi.useHandle(h -> lock(h, line, externalId));
    }

    private static void lock(Handle h, LineId line, String externalId) {
        h.createQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtextextended('early:' || :line || ':' || :x, 0))")
                .bind("line", line.value())
                .bind("x", externalId)
                .mapTo(Integer.class)
                .one();
    }

    @Override
    public void keep(LineId line, StatusUpdate update, Instant receivedAt) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO early_status_updates (line_id, workspace_id, external_id, kind, error_code, error_message,
                                                          occurred_at, received_at)
                        SELECT id, workspace_id, :x, :kind, :code, :message, :occurred, :received FROM lines WHERE id = :line""")
                .bind("line", line.value())
                .bind("x", update.externalId().orElseThrow(() -> new IllegalArgumentException("only updates naming a provider id are kept")))
                .bind("kind", update.kind().name())
                .bind("code", update.errorCode().orElse(null))
                .bind("message", update.errorMessage().orElse(null))
                .bind("occurred", update.occurredAt().orElse(null))
                .bind("received", receivedAt)
                .execute());
    }

    @Override
    public List<StatusUpdate> takeFor(LineId line, String externalId) {
        return jdbi.withHandle(h -> {
            lock(h, line, externalId);
            record Row(long id, StatusUpdate update) {}
            return h.createQuery("""
                            DELETE FROM early_status_updates WHERE line_id = :line AND external_id = :x
                            RETURNING id, external_id, kind, error_code, error_message, occurred_at""")
                    .bind("line", line.value())
                    .bind("x", externalId)
                    .map((rs, ctx) -> new Row(rs.getLong("id"), new StatusUpdate(Optional.empty(),
                            Optional.of(rs.getString("external_id")), StatusUpdate.Kind.valueOf(rs.getString("kind")),
                            Rows.optString(rs, "error_code"), Rows.optString(rs, "error_message"),
                            Rows.optInstant(rs, "occurred_at"))))
                    .stream()
                    .sorted(Comparator.comparingLong(Row::id))
                    .map(Row::update)
                    .toList();
        });
    }

    /**
     * Two round trips for any number of sends: every pair's lock (in one fixed order, so two such calls never wait
     * for each other in a cycle), then, in a statement of its own that sees what the previous holders committed, the
     * kept updates of every pair removed.
     */
    @Override
    public Map<Pair, List<StatusUpdate>> takeForAll(List<Pair> pairs) {
        if (pairs.size() < 2) {
            return EarlyUpdates.super.takeForAll(pairs);
        }
        List<Pair> sorted = pairs.stream().distinct()
                .sorted(Comparator.comparing((Pair p) -> p.line().value()).thenComparing(Pair::externalId)).toList();
        String[] lines = sorted.stream().map(p -> p.line().value()).toArray(String[]::new);
        String[] externalIds = sorted.stream().map(Pair::externalId).toArray(String[]::new);
        return jdbi.withHandle(h -> {
            h.createQuery("""
                            SELECT count(pg_advisory_xact_lock(hashtextextended('early:' || p.line || ':' || p.x, 0)))
                            FROM (SELECT line, x FROM unnest(CAST(:lines AS text[]), CAST(:xs AS text[])) AS u(line, x)
                                  ORDER BY line, x) p""")
                    .bind("lines", lines)
                    .bind("xs", externalIds)
                    .mapTo(Long.class)
                    .one();
            record Row(long id, Pair pair, StatusUpdate update) {}
            Map<Pair, List<StatusUpdate>> out = new HashMap<>();
            h.createQuery("""
                            DELETE FROM early_status_updates e
                            USING unnest(CAST(:lines AS bpchar[]), CAST(:xs AS text[])) AS u(line, x)
                            WHERE e.line_id = u.line AND e.external_id = u.x AND e.line_id = ANY(CAST(:lines AS bpchar[]))
                            RETURNING e.id, e.line_id, e.external_id, e.kind, e.error_code, e.error_message, e.occurred_at""")
                    .bind("lines", lines)
                    .bind("xs", externalIds)
                    .map((rs, ctx) -> new Row(rs.getLong("id"), new Pair(new LineId(rs.getString("line_id")), rs.getString("external_id")),
                            new StatusUpdate(Optional.empty(), Optional.of(rs.getString("external_id")),
                                    StatusUpdate.Kind.valueOf(rs.getString("kind")), Rows.optString(rs, "error_code"),
                                    Rows.optString(rs, "error_message"), Rows.optInstant(rs, "occurred_at"))))
                    .stream()
                    .sorted(Comparator.comparingLong(Row::id))
                    .forEach(r -> out.computeIfAbsent(r.pair(), p -> new ArrayList<>()).add(r.update()));
            return out;
        });
    }

    @Override
    public int purgeReceivedBefore(Instant cutoff) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM early_status_updates WHERE received_at < :cutoff")
                .bind("cutoff", cutoff)
                .execute());
    }
}
