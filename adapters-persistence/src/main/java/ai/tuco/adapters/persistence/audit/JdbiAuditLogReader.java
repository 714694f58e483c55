package ai.tuco.adapters.persistence.audit;

import ai.tuco.adapters.persistence.shared.Rows;
import ai.tuco.application.audit.port.out.AuditLogReader;
import ai.tuco.domain.shared.WorkspaceId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Reads {@code audit_log} for GET /api/audit-logs: one workspace's rows, newest first by (at, id), keyset-paged. */
public final class JdbiAuditLogReader implements AuditLogReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Jdbi jdbi;

    public JdbiAuditLogReader(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<Row> list(WorkspaceId workspaceId, Filter f, Optional<Position> after, int limit) {
        String sql = sql(f, after.isPresent());
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql).bind("w", workspaceId.value()).bind("limit", limit);
            f.actorType().ifPresent(v -> q.bind("actorType", v));
            f.actorId().ifPresent(v -> q.bind("actorId", v));
            f.action().ifPresent(v -> q.bind("action", v));
            f.targetType().ifPresent(v -> q.bind("targetType", v));
            f.targetId().ifPresent(v -> q.bind("targetId", v));
            f.from().ifPresent(v -> q.bind("from", v));
            f.to().ifPresent(v -> q.bind("to", v));
            after.ifPresent(p -> q.bind("afterAt", p.at()).bind("afterId", p.id()));
            return q.map((rs, ctx) -> row(rs)).list();
        });
    }

    /**
     * The statement for a filter, with named parameters. With no filter, or one target, its order is exactly an index's
     * ({@code audit_log_workspace_at}, {@code audit_log_workspace_target}: see V9), so the plan is an index scan
     * stopping after {@code limit} rows; the other filters are checked on the rows that index scan reads.
     */
    static String sql(Filter f, boolean after) {
        List<String> conditions = new ArrayList<>();
        f.actorType().ifPresent(v -> conditions.add("actor_type = :actorType"));
        f.actorId().ifPresent(v -> conditions.add("actor_id = :actorId"));
        f.action().ifPresent(v -> conditions.add("action = :action"));
        f.targetType().ifPresent(v -> conditions.add("target_type = :targetType"));
        f.targetId().ifPresent(v -> conditions.add("target_id = :targetId"));
        f.from().ifPresent(v -> conditions.add("at >= :from"));
        f.to().ifPresent(v -> conditions.add("at < :to"));
        if (after) {
            conditions.add("(at, id) < (:afterAt, :afterId)");
        }
        StringBuilder sql = new StringBuilder("""
                SELECT id, workspace_id, actor_type, actor_id, action, target_type, target_id, ip, correlation_id,
                       CAST(detail AS text) AS detail, at
                FROM audit_log WHERE workspace_id = :w""");
        for (String c : conditions) {
            sql.append(" AND ").append(c);
        }
        return sql.append(" ORDER BY at DESC, id DESC LIMIT :limit").toString();
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong("id"), new WorkspaceId(rs.getString("workspace_id")), rs.getString("actor_type"),
                rs.getString("actor_id"), rs.getString("action"), Rows.optString(rs, "target_type"),
                Rows.optString(rs, "target_id"), Rows.optString(rs, "ip"), Rows.optString(rs, "correlation_id"),
                detail(rs.getString("detail")), Rows.instant(rs, "at"));
    }

    /** The application writes flat string maps; anything else written by hand is shown as its JSON text. */
    static Map<String, String> detail(String json) {
        Map<String, String> detail = new LinkedHashMap<>();
        try {
            JsonNode node = MAPPER.readTree(json == null ? "{}" : json);
            node.fields().forEachRemaining(e -> detail.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText()
                    : e.getValue().toString()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable audit detail", e);
        }
        return detail;
    }
}
