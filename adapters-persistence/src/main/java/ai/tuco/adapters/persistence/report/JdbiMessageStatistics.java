package ai.tuco.adapters.persistence.report;

import ai.tuco.application.report.port.out.MessageStatistics;
import ai.tuco.domain.message.MessageStatus;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;

/**
 * Message reports in one statement over {@code messages_workspace_created}, which carries every column a report reads
 * (V11): an index-only range scan of the workspace's period, grouped by the dimension and, in the same pass, by
 * nothing for the totals ({@code GROUPING SETS}), percentiles by {@code percentile_disc}, and a second scan of the same
 * range for the failure reasons. Nothing is kept up to date on the write path (ADR 14).
 */
public final class JdbiMessageStatistics implements MessageStatistics {
    /**
     * Per report transaction: the sorts behind the grouping and percentiles stay in memory for a month of a busy
     * workspace (about 40 MB at 330,000 messages), and JIT compilation, which costs more than it saves on this
     * statement, stays off.
     */
    static final String SETTINGS = "SET LOCAL work_mem = '64MB'; SET LOCAL jit = off";

    private final Jdbi jdbi;

    public JdbiMessageStatistics(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Result aggregate(Scope scope, Dimension by) {
        String sql = sql(by, scope.batchId().isPresent(), scope.lineId().isPresent());
        return jdbi.inTransaction(h -> {
            h.execute(SETTINGS);
            return read(h, sql, scope, by);
        });
    }

    private static Result read(Handle h, String sql, Scope scope, Dimension by) {
        var q = h.createQuery(sql).bind("w", scope.workspaceId().value()).bind("from", scope.from()).bind("to", scope.to());
        scope.batchId().ifPresent(b -> q.bind("batchId", b));
        scope.lineId().ifPresent(l -> q.bind("lineId", l.value()));
        if (by == Dimension.PERIOD) {
            // a timestamptz[] parameter, parsed once; a text[] cast in the statement would be parsed again for every row
            // (ISO-8601 instants with Z: read the same whatever the JVM's or the session's time zone)
            String[] starts = scope.periodStarts().stream().map(Object::toString).toArray(String[]::new);
            Argument array = (position, statement, ctx) -> statement.setArray(position,
                    statement.getConnection().createArrayOf("timestamptz", starts));
            q.bind("starts", array);
        }
        Map<Optional<String>, Builder> groups = new LinkedHashMap<>();
        Builder totals = new Builder();
        q.map((rs, ctx) -> {
            boolean total = rs.getInt("grp") == 1;
            Optional<String> key = Optional.ofNullable(rs.getString("key"));
            Builder b = total ? totals : groups.computeIfAbsent(key, k -> new Builder());
            if ("r".equals(rs.getString("part"))) {
                b.reasons.add(new Reason(rs.getString("error_code"), rs.getLong("n")));
            } else {
                b.read(rs);
            }
            return b;
        }).list();
        List<Group> list = new ArrayList<>();
        groups.forEach((key, b) -> list.add(new Group(key, b.build())));
        return new Result(list, totals.build());
    }

    /** The key of a group, as text. */
    static String key(Dimension by) {
        return switch (by) {
            case STATUS -> "status";
            case MESSAGE_TYPE -> "message_type";
            case LINE -> "CAST(line_id AS text)";
            case BATCH -> "batch_id";
            // the index of the last period start at or before created_at, from 0 (created_at >= the first start)
            case PERIOD -> "CAST(width_bucket(created_at, :starts) - 1 AS text)";
        };
    }

    /** The statement for a dimension and filters, with named parameters ({@code :w, :from, :to}, the filters', {@code :starts}). */
    static String sql(Dimension by, boolean batch, boolean line) {
        String statuses = String.join(",\n", Arrays.stream(MessageStatus.values())
                .map(s -> "count(*) FILTER (WHERE status = '" + s.wireName() + "') AS \"" + s.wireName() + "\"").toList());
        return """
                WITH m AS NOT MATERIALIZED (
                    SELECT %s AS key, status, error_code,
                           sent_at IS NOT NULL AND message_type <> 'email' AS rated,
                           status = 'delivered' OR read_at IS NOT NULL AS reached,
                           date_part('epoch', sent_at - least(created_at, sent_at)) * 1000 AS to_sent,
                           date_part('epoch', delivered_at - least(created_at, delivered_at)) * 1000 AS to_delivered
                    FROM messages
                    WHERE workspace_id = :w AND created_at >= :from AND created_at < :to%s%s
                )
                SELECT 'g' AS part, grouping(key) AS grp, key, count(*) AS n,
                       %s,
                       count(*) FILTER (WHERE rated) AS rated,
                       count(*) FILTER (WHERE rated AND reached) AS rated_reached,
                       percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY to_sent) AS to_sent,
                       percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY to_delivered) AS to_delivered,
                       NULL AS error_code
                FROM m GROUP BY GROUPING SETS ((key), ())
                UNION ALL
                SELECT 'r', grp, key, n, %s, NULL, NULL, NULL, NULL, error_code
                FROM (SELECT grouping(key) AS grp, key, error_code, count(*) AS n,
                             row_number() OVER (PARTITION BY grouping(key), key ORDER BY count(*) DESC, error_code) AS rank
                      FROM m WHERE status IN ('failed', 'fallback')
                      GROUP BY GROUPING SETS ((key, error_code), (error_code))) r
                WHERE rank <= %d""".formatted(key(by), batch ? " AND batch_id = :batchId" : "",
                line ? " AND line_id = :lineId" : "", statuses.replace("\n", "\n       "),
                String.join(", ", Collections.nCopies(MessageStatus.values().length, "NULL")), TOP_REASONS);
    }

    /** One group's figures as its rows arrive (the counts row and up to five reason rows, in any order). */
    private static final class Builder {
        long total;
        final Map<String, Long> byStatus = new HashMap<>();
        long rated;
        long ratedReached;
        Percentiles toSent = Percentiles.NONE;
        Percentiles toDelivered = Percentiles.NONE;
        final List<Reason> reasons = new ArrayList<>();

        void read(ResultSet rs) throws SQLException {
            total = rs.getLong("n");
            for (MessageStatus s : MessageStatus.values()) {
                byStatus.put(s.wireName(), rs.getLong(s.wireName()));
            }
            rated = rs.getLong("rated");
            ratedReached = rs.getLong("rated_reached");
            toSent = percentiles(rs.getArray("to_sent"));
            toDelivered = percentiles(rs.getArray("to_delivered"));
        }

        Figures build() {
            List<Reason> top = reasons.stream()
                    .sorted(Comparator.comparingLong(Reason::count).reversed().thenComparing(Reason::errorCode))
                    .limit(TOP_REASONS).toList();
            return new Figures(total, byStatus, rated, ratedReached, top, toSent, toDelivered);
        }
    }

    /** {@code percentile_disc(ARRAY[0.5, 0.9])} in milliseconds; NULL when no row had the time. */
    private static Percentiles percentiles(Array array) throws SQLException {
        if (array == null) {
            return Percentiles.NONE;
        }
        Object[] values = (Object[]) array.getArray();
        return new Percentiles(ms(values[0]), ms(values[1]));
    }

    private static OptionalLong ms(Object value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(Math.round(((Number) value).doubleValue()));
    }
}
