package ai.tuco.adapters.persistence.dispatch;

import ai.tuco.adapters.persistence.message.JdbiMessageRepository;
import ai.tuco.application.dispatch.port.out.MessageLookup;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Cross-tenant message lookup for provider callbacks: by our id, or by the provider's id, provider-wide or within a line.
 * Both provider-id lookups probe one index, {@code messages_external_line (external_message_id, line_id)} (V17).
 */
public final class JdbiMessageLookup implements MessageLookup {
    static final String BY_EXTERNAL_ID = "SELECT * FROM messages WHERE external_message_id = :x LIMIT 1 FOR UPDATE";
    static final String BY_LINE_AND_EXTERNAL_ID =
            "SELECT * FROM messages WHERE line_id = :line AND external_message_id = :x LIMIT 1 FOR UPDATE";

    private final Jdbi jdbi;

    public JdbiMessageLookup(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Message> findForUpdate(MessageId id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM messages WHERE id = :id FOR UPDATE")
                .bind("id", id.value())
                .map(JdbiMessageRepository::map)
                .findOne());
    }

    /** One statement, rows locked in id order. */
    @Override
    public Map<MessageId, Message> findAllForUpdate(List<MessageId> ids) {
        Map<MessageId, Message> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        jdbi.useHandle(h -> h.createQuery("SELECT * FROM messages WHERE id = ANY(CAST(:ids AS bpchar[])) ORDER BY id FOR UPDATE")
                .bind("ids", ids.stream().map(MessageId::value).distinct().toArray(String[]::new))
                .map(JdbiMessageRepository::map)
                .forEach(m -> out.put(m.id(), m)));
        return out;
    }

    @Override
    public Optional<Message> findForUpdateByExternalId(String externalId) {
        return jdbi.withHandle(h -> h.createQuery(BY_EXTERNAL_ID)
                .bind("x", externalId)
                .map(JdbiMessageRepository::map)
                .findOne());
    }

    @Override
    public Optional<Message> findForUpdateByExternalId(LineId line, String externalId) {
        return jdbi.withHandle(h -> h.createQuery(BY_LINE_AND_EXTERNAL_ID)
                .bind("line", line.value())
                .bind("x", externalId)
                .map(JdbiMessageRepository::map)
                .findOne());
    }
}
