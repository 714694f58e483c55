package ai.tuco.adapters.persistence.reply;

import ai.tuco.adapters.persistence.message.JdbiMessageRepository;
import ai.tuco.adapters.persistence.shared.Rows;
import ai.tuco.application.reply.port.out.ReplyRepository;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.reply.OptOut;
import ai.tuco.domain.reply.Reply;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.ReplyId;
import ai.tuco.domain.shared.WorkspaceId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** Replies in PostgreSQL; the unique index on (line, provider id) makes a repeated report store nothing. */
public final class JdbiReplyRepository implements ReplyRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, String>>> ATTACHMENTS = new TypeReference<>() {};

    private final Jdbi jdbi;

    public JdbiReplyRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean insertIfAbsent(Reply r) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO replies (id, workspace_id, line_id, lead_id, message_type, from_phone, from_email, body,
                            attachments, received_at, external_message_id, parent_message_id, opt_out, opt_out_keyword, created_at)
                        VALUES (:id, :w, :line, :lead, :type, :phone, :email, :body, CAST(:attachments AS jsonb), :receivedAt,
                            :externalId, :parent, :optOut, :keyword, :createdAt)
                        ON CONFLICT (line_id, external_message_id) DO NOTHING""")
                .bind("id", r.id().value())
                .bind("w", r.workspaceId().value())
                .bind("line", r.lineId().value())
                .bind("lead", r.leadId().value())
                .bind("type", r.channel().wireName())
                .bind("phone", r.fromPhone().map(E164Phone::value).orElse(null))
                .bind("email", r.fromEmail().map(EmailAddress::value).orElse(null))
                .bind("body", r.text())
                .bind("attachments", attachments(r.attachments()))
                .bind("receivedAt", r.receivedAt())
                .bind("externalId", r.externalMessageId())
                .bind("parent", r.parentMessageId().map(MessageId::value).orElse(null))
                .bind("optOut", r.optOut().map(o -> o.kind().name().toLowerCase(Locale.ROOT)).orElse(null))
                .bind("keyword", r.optOut().map(OptOut::keyword).orElse(null))
                .bind("createdAt", r.createdAt())
                .execute() == 1);
    }

    @Override
    public Optional<Reply> findByExternalId(LineId lineId, String externalMessageId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM replies WHERE line_id = :line AND external_message_id = :x")
                .bind("line", lineId.value())
                .bind("x", externalMessageId)
                .map(JdbiReplyRepository::map)
                .findOne());
    }

    /** Two index-ordered branches (by phone, by email), each stopping at its first row. */
    @Override
    public Optional<MessageId> latestSentTo(WorkspaceId workspaceId, LineId lineId, String address) {
        String column = address.indexOf('@') >= 0 ? "recipient_email" : "recipient_phone";
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id FROM messages
                        WHERE line_id = :line AND %s = :a AND sent_at IS NOT NULL AND workspace_id = :w
                        ORDER BY sent_at DESC, id DESC LIMIT 1""".formatted(column))
                .bind("line", lineId.value())
                .bind("a", address)
                .bind("w", workspaceId.value())
                .mapTo(String.class)
                .findOne()
                .map(MessageId::new));
    }

    @Override
    public void touchLead(WorkspaceId workspaceId, LeadId leadId, Instant receivedAt) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE leads SET last_reply_at = greatest(coalesce(last_reply_at, CAST(:at AS timestamptz)), :at)
                        WHERE id = :id AND workspace_id = :w""")
                .bind("at", receivedAt)
                .bind("id", leadId.value())
                .bind("w", workspaceId.value())
                .execute());
    }

    @Override
    public Page list(WorkspaceId workspaceId, Filter f, int offset, int limit) {
        List<String> conditions = new ArrayList<>();
        conditions.add("workspace_id = :w");
        f.leadId().ifPresent(x -> conditions.add("lead_id = :lead"));
        f.lineId().ifPresent(x -> conditions.add("line_id = :line"));
        f.parentMessageId().ifPresent(x -> conditions.add("parent_message_id = :parent"));
        f.fromAddress().ifPresent(x -> conditions.add("coalesce(from_phone, from_email) = :from"));
        f.from().ifPresent(x -> conditions.add("received_at >= :dateFrom"));
        f.to().ifPresent(x -> conditions.add("received_at < :dateTo"));
        String where = String.join(" AND ", conditions);
        return jdbi.withHandle(h -> {
            Query count = bind(h.createQuery("SELECT count(*) FROM replies WHERE " + where), workspaceId, f);
            Query page = bind(h.createQuery("SELECT * FROM replies WHERE " + where
                    + " ORDER BY received_at DESC, id DESC LIMIT :limit OFFSET :offset"), workspaceId, f)
                    .bind("limit", limit)
                    .bind("offset", offset);
            List<Reply> replies = page.map(JdbiReplyRepository::map).list();
            long total = replies.isEmpty() && offset == 0 ? 0 : count.mapTo(Long.class).one();
            return new Page(replies, total);
        });
    }

    private static Query bind(Query q, WorkspaceId ws, Filter f) {
        q.bind("w", ws.value());
        f.leadId().ifPresent(x -> q.bind("lead", x.value()));
        f.lineId().ifPresent(x -> q.bind("line", x.value()));
        f.parentMessageId().ifPresent(x -> q.bind("parent", x.value()));
        f.fromAddress().ifPresent(x -> q.bind("from", x));
        f.from().ifPresent(x -> q.bind("dateFrom", x));
        f.to().ifPresent(x -> q.bind("dateTo", x));
        return q;
    }

    @Override
    public Map<LeadId, List<Reply>> latestOfLeads(WorkspaceId workspaceId, Collection<LeadId> leads, int perLead) {
        List<Reply> rows = jdbi.withHandle(h -> h.createQuery("""
                        SELECT r.* FROM unnest(CAST(:leads AS text[])) AS l(id)
                        CROSS JOIN LATERAL (
                            SELECT * FROM replies WHERE workspace_id = :w AND lead_id = l.id
                            ORDER BY received_at DESC, id DESC LIMIT :n) r
                        ORDER BY r.lead_id, r.received_at DESC, r.id DESC""")
                .bind("leads", leads.stream().map(LeadId::value).toArray(String[]::new))
                .bind("w", workspaceId.value())
                .bind("n", perLead)
                .map(JdbiReplyRepository::map)
                .list());
        Map<LeadId, List<Reply>> out = new LinkedHashMap<>();
        rows.forEach(r -> out.computeIfAbsent(r.leadId(), k -> new ArrayList<>()).add(r));
        return out;
    }

    @Override
    public Map<LeadId, List<Message>> sentToLeads(WorkspaceId workspaceId, Collection<LeadId> leads, int perLead) {
        List<Message> rows = jdbi.withHandle(h -> h.createQuery("""
                        SELECT m.* FROM unnest(CAST(:leads AS text[])) AS l(id)
                        CROSS JOIN LATERAL (
                            SELECT * FROM messages WHERE workspace_id = :w AND lead_id = l.id AND sent_at IS NOT NULL
                            ORDER BY sent_at DESC, id DESC LIMIT :n) m
                        ORDER BY m.lead_id, m.sent_at DESC, m.id DESC""")
                .bind("leads", leads.stream().map(LeadId::value).toArray(String[]::new))
                .bind("w", workspaceId.value())
                .bind("n", perLead)
                .map(JdbiMessageRepository::map)
                .list());
        Map<LeadId, List<Message>> out = new LinkedHashMap<>();
        rows.forEach(m -> out.computeIfAbsent(m.leadId(), k -> new ArrayList<>()).add(m));
        return out;
    }

    @Override
    public Optional<UnsubscribeTarget> unsubscribeTarget(MessageId messageId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT workspace_id, message_type, recipient_email FROM messages WHERE id = :id")
                .bind("id", messageId.value())
                .map((rs, ctx) -> new UnsubscribeTarget(new WorkspaceId(rs.getString("workspace_id")), messageId,
                        Channel.fromWire(rs.getString("message_type")).orElseThrow(),
                        Rows.optString(rs, "recipient_email").map(EmailAddress::new)))
                .findOne());
    }

    static Reply map(ResultSet rs, StatementContext ctx) throws SQLException {
        Optional<String> kind = Rows.optString(rs, "opt_out");
        String keyword = Rows.optString(rs, "opt_out_keyword").orElse("");
        Optional<OptOut> optOut = kind.map(k -> new OptOut(OptOut.Kind.valueOf(k.toUpperCase(Locale.ROOT)), keyword));
        return new Reply(
                new ReplyId(rs.getString("id")),
                new WorkspaceId(rs.getString("workspace_id")),
                new LeadId(rs.getString("lead_id")),
                new LineId(rs.getString("line_id")),
                Channel.fromWire(rs.getString("message_type")).orElseThrow(),
                Rows.optString(rs, "from_phone").map(E164Phone::new),
                Rows.optString(rs, "from_email").map(EmailAddress::new),
                rs.getString("body"),
                readAttachments(rs.getString("attachments")),
                Rows.instant(rs, "received_at"),
                rs.getString("external_message_id"),
                Rows.optString(rs, "parent_message_id").map(MessageId::new),
                optOut,
                Rows.instant(rs, "created_at"));
    }

    private static String attachments(List<Reply.Attachment> attachments) {
        List<Map<String, String>> out = attachments.stream()
                .map(a -> Map.of("url", a.url(), "contentType", a.contentType())).toList();
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("attachments could not be written as JSON", e);
        }
    }

    private static List<Reply.Attachment> readAttachments(String json) throws SQLException {
        try {
            return JSON.readValue(json, ATTACHMENTS).stream()
                    .map(m -> new Reply.Attachment(m.get("url"), m.getOrDefault("contentType", "application/octet-stream")))
                    .toList();
        } catch (JsonProcessingException e) {
            throw new SQLException("stored attachments are not JSON", e);
        }
    }
}
