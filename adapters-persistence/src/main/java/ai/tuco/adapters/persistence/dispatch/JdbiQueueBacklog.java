package ai.tuco.adapters.persistence.dispatch;

import ai.tuco.adapters.persistence.shared.Rows;
import ai.tuco.application.dispatch.port.out.QueueBacklog;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * The queue gauges' one query: a single pass over the narrow {@code dispatch_queue} table (no join), outside any
 * transaction. Its cost grows with the queue; the caller reads it at most once per a few seconds.
 */
public final class JdbiQueueBacklog implements QueueBacklog {
    private final Jdbi jdbi;

    public JdbiQueueBacklog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Counts read(Instant now) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT count(*) FILTER (WHERE lease_owner IS NULL AND due_at <= :now) AS due,
                               count(*) FILTER (WHERE lease_owner IS NULL AND due_at > :now) AS later,
                               count(*) FILTER (WHERE lease_owner IS NOT NULL) AS leased,
                               min(due_at) FILTER (WHERE lease_owner IS NULL AND due_at <= :now) AS oldest_due
                        FROM dispatch_queue""")
                .bind("now", now)
                .map((rs, ctx) -> new Counts(rs.getLong("due"), rs.getLong("later"), rs.getLong("leased"),
                        Rows.optInstant(rs, "oldest_due")))
                .one());
    }
}
