package ai.tuco.adapters.persistence.webhook;

import ai.tuco.adapters.persistence.shared.Rows;
import ai.tuco.adapters.persistence.shared.SecretBox;
import ai.tuco.application.webhook.port.out.WebhookQueue;
import ai.tuco.domain.shared.DeliveryId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WebhookId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.webhook.WebhookDelivery;
import ai.tuco.domain.webhook.WebhookDelivery.Attempt;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The webhook outbox in PostgreSQL (its rows are inserted by the message writer's statements, see
 * {@code message.MessageEvents}). A claim takes due rows with {@code FOR UPDATE SKIP LOCKED}, only the head of each
 * (endpoint, message) chain, at most {@code perEndpoint} in flight per endpoint counting live leases of every node, and
 * bumps the row's {@code claim_token}: an outcome is written only under the owner and token that claimed it. An expired
 * lease (a node that died mid-attempt) makes the row claimable again, so nothing is lost; at worst it is sent twice.
 */
public final class JdbiWebhookQueue implements WebhookQueue {
    /** {@code NOTIFY tuco_webhooks}: deliveries were written or made due; workers of every node claim at once. */
    public static final String CHANNEL = "tuco_webhooks";
    private static final int MAX_ERROR = 500;
    private static final String DELIVERY_COLUMNS = "d.id, d.endpoint_id, d.message_id, d.seq, d.event, d.status, "
            + "d.attempts, d.last_status_code, d.last_attempt_at, d.next_attempt_at, d.created_at";

    private final Jdbi jdbi;
    private final SecretBox box;
    private final Runnable madeDue;

    public JdbiWebhookQueue(Jdbi jdbi, SecretBox box) {
        this(jdbi, box, () -> {});
    }

    /** @param madeDue run after the commit of a manual replay (the delivery is due now) */
    public JdbiWebhookQueue(Jdbi jdbi, SecretBox box, Runnable madeDue) {
        this.jdbi = jdbi;
        this.box = box;
        this.madeDue = madeDue;
    }

    /**
     * The claim, in one pass over the pending rows whatever the statistics say (ADR 7: it must plan well on a fresh,
     * never-analyzed database, where a generic plan is made for tables thought empty). {@code chains}: the earliest
     * pending event of each (endpoint, message), read in the order of the {@code webhook_deliveries_chain} index, so a
     * later event waits while an earlier one is pending (due later, or leased); {@code heads} ranks the claimable ones
     * per endpoint; {@code candidates} are the first {@code limit} within the per-endpoint bound, and only they are
     * joined back to be locked. All are {@code MATERIALIZED}: inlined, a plan made for empty tables re-ran them for
     * every pending row (a claim over a few hundred pending rows took seconds). Each claim reads the pending rows
     * once: linear in the backlog.
     */
    static final String CLAIM = """
            WITH inflight AS MATERIALIZED (
                SELECT endpoint_id, count(*) AS n FROM webhook_deliveries
                WHERE status = 'pending' AND lease_until >= :now
                GROUP BY endpoint_id),
            chains AS MATERIALIZED (
                SELECT DISTINCT ON (c.endpoint_id, c.message_id) c.id, c.endpoint_id, c.next_attempt_at, c.lease_until
                FROM webhook_deliveries c
                WHERE c.status = 'pending'
                ORDER BY c.endpoint_id, c.message_id, c.seq),
            heads AS MATERIALIZED (
                SELECT h.id, h.endpoint_id, h.next_attempt_at,
                    row_number() OVER (PARTITION BY h.endpoint_id ORDER BY h.next_attempt_at, h.id) AS r
                FROM chains h
                JOIN webhook_endpoints ep ON ep.id = h.endpoint_id AND ep.enabled
                WHERE h.next_attempt_at <= :now
                  AND (h.lease_until IS NULL OR h.lease_until < :now)
                  AND NOT (CAST(h.endpoint_id AS text) = ANY(CAST(:busy AS text[])))),
            candidates AS MATERIALIZED (
                SELECT h.id, h.next_attempt_at FROM heads h
                LEFT JOIN inflight i ON i.endpoint_id = h.endpoint_id
                WHERE h.r + coalesce(i.n, 0) <= :perEndpoint
                ORDER BY h.next_attempt_at, h.id
                LIMIT :limit),
            picked AS (
                SELECT d.id FROM candidates c
                JOIN webhook_deliveries d ON d.id = c.id
                -- re-checked on the locked row: another claimer may have taken or finished it since this snapshot
                WHERE d.status = 'pending' AND (d.lease_until IS NULL OR d.lease_until < :now)
                ORDER BY c.next_attempt_at, c.id
                FOR UPDATE OF d SKIP LOCKED)
            UPDATE webhook_deliveries d SET lease_owner = :owner, lease_until = :leaseUntil, claim_token = d.claim_token + 1
            FROM picked, webhook_endpoints ep
            WHERE d.id = picked.id AND ep.id = d.endpoint_id
            RETURNING d.id, d.endpoint_id, d.workspace_id, d.event, d.body, d.claim_token, d.attempts, ep.url,
                ep.failing_since, ep.secret, ep.secret_key_id, ep.previous_secret, ep.previous_secret_key_id,
                ep.previous_secret_until""";

    @Override
    public List<Claimed> claim(String owner, Instant now, Instant leaseUntil, int limit, int perEndpoint, Set<WebhookId> busy) {
        return jdbi.withHandle(h -> h.createQuery(CLAIM)
                .bind("owner", owner)
                .bind("now", now)
                .bind("leaseUntil", leaseUntil)
                .bind("limit", limit)
                .bind("perEndpoint", perEndpoint)
                .bind("busy", busy.stream().map(WebhookId::value).toArray(String[]::new))
                .map((rs, ctx) -> new Claimed(new DeliveryId(rs.getString("id")), new WebhookId(rs.getString("endpoint_id")),
                        new WorkspaceId(rs.getString("workspace_id")), rs.getString("url"), rs.getString("event"),
                        rs.getString("body"), rs.getLong("claim_token"), owner, rs.getInt("attempts"),
                        Rows.optInstant(rs, "failing_since"), JdbiWebhookEndpoints.secrets(box, rs, now)))
                .list());
    }

    @Override
    public boolean record(Claimed c, Outcome o) {
        Attempt a = o.attempt();
        String error = a.error().map(e -> e.length() > MAX_ERROR ? e.substring(0, MAX_ERROR) : e).orElse(null);
        return jdbi.inTransaction(h -> {
            int updated = h.createUpdate("""
                            UPDATE webhook_deliveries SET status = :status, attempts = attempts + 1, next_attempt_at = :next,
                                last_status_code = :code, last_attempt_at = :at, last_error = :error,
                                lease_owner = NULL, lease_until = NULL
                            WHERE id = :id AND lease_owner = :owner AND claim_token = :token""")
                    .bind("id", c.id().value())
                    .bind("owner", c.owner())
                    .bind("token", c.token())
                    .bind("status", o.status().wireName())
                    .bind("next", o.nextAttemptAt().orElse(null))
                    .bind("code", a.statusCode().orElse(null))
                    .bind("at", a.at())
                    .bind("error", error)
                    .execute();
            if (updated == 0) {
                return false;
            }
            h.createUpdate("""
                            INSERT INTO webhook_attempts (delivery_id, workspace_id, attempted_at, status_code, latency_ms,
                                response_body, error, next_attempt_at)
                            VALUES (:id, :w, :at, :code, :latency, :body, :error, :next)""")
                    .bind("id", c.id().value())
                    .bind("w", c.workspaceId().value())
                    .bind("at", a.at())
                    .bind("code", a.statusCode().orElse(null))
                    .bind("latency", (int) Math.min(Integer.MAX_VALUE, a.latencyMillis()))
                    .bind("body", a.responseBody().orElse(null))
                    .bind("error", error)
                    .bind("next", o.nextAttemptAt().orElse(null))
                    .execute();
            endpointEffect(h, c, o);
            return true;
        });
    }

    private static void endpointEffect(Handle h, Claimed c, Outcome o) {
        Instant at = o.attempt().at();
        switch (o.effect()) {
            case HEALTHY -> h.createUpdate("UPDATE webhook_endpoints SET failing_since = NULL WHERE id = :e AND failing_since IS NOT NULL")
                    .bind("e", c.endpointId().value()).execute();
            case FAILING -> h.createUpdate("UPDATE webhook_endpoints SET failing_since = :at WHERE id = :e AND failing_since IS NULL")
                    .bind("e", c.endpointId().value()).bind("at", at).execute();
            case DISABLE -> {
                String reason = o.disableReason().orElse("disabled");
                h.createUpdate("""
                                UPDATE webhook_endpoints SET enabled = false, disabled_at = :at, disabled_reason = :reason,
                                    updated_at = :at
                                WHERE id = :e AND enabled""")
                        .bind("e", c.endpointId().value()).bind("at", at).bind("reason", reason).execute();
                h.createUpdate("""
                                UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL,
                                    last_error = 'endpoint disabled: ' || :reason
                                WHERE endpoint_id = :e AND status = 'pending' AND id <> :id""")
                        .bind("e", c.endpointId().value()).bind("id", c.id().value()).bind("reason", reason).execute();
            }
        }
    }

    @Override
    public Optional<List<WebhookDelivery>> forMessage(WorkspaceId workspaceId, MessageId messageId) {
        return jdbi.withHandle(h -> {
            boolean exists = h.createQuery("SELECT EXISTS (SELECT 1 FROM messages WHERE id = :m AND workspace_id = :w)")
                    .bind("m", messageId.value())
                    .bind("w", workspaceId.value())
                    .mapTo(Boolean.class).one();
            if (!exists) {
                return Optional.empty();
            }
            return Optional.of(h.createQuery("SELECT " + DELIVERY_COLUMNS + """
                             FROM webhook_deliveries d WHERE d.message_id = :m AND d.workspace_id = :w
                            ORDER BY d.seq, d.created_at, d.id""")
                    .bind("m", messageId.value())
                    .bind("w", workspaceId.value())
                    .map((rs, ctx) -> delivery(rs, List.of()))
                    .list());
        });
    }

    @Override
    public Page log(WorkspaceId workspaceId, WebhookId webhookId, int limit, int offset) {
        return jdbi.withHandle(h -> {
            long total = h.createQuery("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = :e AND workspace_id = :w")
                    .bind("e", webhookId.value()).bind("w", workspaceId.value()).mapTo(Long.class).one();
            List<WebhookDelivery> rows = h.createQuery("SELECT " + DELIVERY_COLUMNS + """
                             FROM webhook_deliveries d WHERE d.endpoint_id = :e AND d.workspace_id = :w
                            ORDER BY d.created_at DESC, d.id DESC LIMIT :limit OFFSET :offset""")
                    .bind("e", webhookId.value()).bind("w", workspaceId.value())
                    .bind("limit", limit).bind("offset", offset)
                    .map((rs, ctx) -> delivery(rs, List.of()))
                    .list();
            Map<String, List<Attempt>> attempts = attempts(h, rows.stream().map(d -> d.id().value()).toList());
            List<WebhookDelivery> withAttempts = new ArrayList<>(rows.size());
            for (WebhookDelivery d : rows) {
                withAttempts.add(new WebhookDelivery(d.id(), d.webhookId(), d.messageId(), d.seq(), d.event(), d.status(),
                        d.attempts(), d.lastStatusCode(), d.lastAttemptAt(), d.nextAttemptAt(), d.createdAt(),
                        attempts.getOrDefault(d.id().value(), List.of())));
            }
            return new Page(withAttempts, total);
        });
    }

    private static Map<String, List<Attempt>> attempts(Handle h, List<String> deliveryIds) {
        Map<String, List<Attempt>> byDelivery = new HashMap<>();
        if (deliveryIds.isEmpty()) {
            return byDelivery;
        }
        h.createQuery("""
                        SELECT delivery_id, attempted_at, status_code, latency_ms, response_body, error, next_attempt_at
                        FROM webhook_attempts WHERE delivery_id = ANY(:ids) ORDER BY delivery_id, id""")
                .bind("ids", deliveryIds.toArray(String[]::new))
                .map((rs, ctx) -> {
                    byDelivery.computeIfAbsent(rs.getString("delivery_id"), k -> new ArrayList<>()).add(new Attempt(
                            Rows.instant(rs, "attempted_at"), optInt(rs, "status_code"), rs.getInt("latency_ms"),
                            Rows.optString(rs, "response_body"), Rows.optString(rs, "error"),
                            Rows.optInstant(rs, "next_attempt_at")));
                    return 0;
                })
                .list();
        return byDelivery;
    }

    @Override
    public Optional<WebhookDelivery> retry(WorkspaceId workspaceId, WebhookId webhookId, DeliveryId id, Instant now) {
        return jdbi.inTransaction(h -> {
            int changed = h.createUpdate("""
                            UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = :now
                            WHERE id = :id AND endpoint_id = :e AND workspace_id = :w
                              AND (lease_until IS NULL OR lease_until < :now)""")
                    .bind("id", id.value()).bind("e", webhookId.value()).bind("w", workspaceId.value()).bind("now", now)
                    .execute();
            if (changed > 0) {
                // joins the caller's transaction when there is one: the workers look after its commit, not before
                h.afterCommit(madeDue);
            }
            return h.createQuery("SELECT " + DELIVERY_COLUMNS
                            + " FROM webhook_deliveries d WHERE d.id = :id AND d.endpoint_id = :e AND d.workspace_id = :w")
                    .bind("id", id.value()).bind("e", webhookId.value()).bind("w", workspaceId.value())
                    .map((rs, ctx) -> delivery(rs, List.of()))
                    .findOne();
        });
    }

    private static WebhookDelivery delivery(ResultSet rs, List<Attempt> attempts) throws SQLException {
        return new WebhookDelivery(new DeliveryId(rs.getString("id")), new WebhookId(rs.getString("endpoint_id")),
                new MessageId(rs.getString("message_id")), rs.getInt("seq"), rs.getString("event"),
                WebhookDelivery.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), rs.getInt("attempts"),
                optInt(rs, "last_status_code"), Rows.optInstant(rs, "last_attempt_at"), Rows.optInstant(rs, "next_attempt_at"),
                Rows.instant(rs, "created_at"), attempts);
    }

    private static Optional<Integer> optInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }
}
