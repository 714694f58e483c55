package ai.tuco.application.dispatch.port.out;

import ai.tuco.domain.message.Message;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import java.util.Optional;

/** Finds a message across workspaces, for provider callbacks that only know a message id or the provider's id. */
public interface MessageLookup {
    /** Finds and locks the message row until the transaction ends. */
    Optional<Message> findForUpdate(MessageId id);

    Optional<Message> findForUpdateByExternalId(String externalId);

    /**
     * The message {@code line} sent under the provider's id {@code externalId}, locked: provider ids are only unique
     * within one provider account, so callbacks and polls, which come for one line, look them up within it.
     */
    Optional<Message> findForUpdateByExternalId(LineId line, String externalId);

    /** Finds and locks several messages (in id order, as every writer of several messages does). @return those found, by id */
    default java.util.Map<MessageId, Message> findAllForUpdate(java.util.List<MessageId> ids) {
        java.util.Map<MessageId, Message> out = new java.util.HashMap<>();
        ids.stream().distinct().sorted(java.util.Comparator.comparing(MessageId::value))
                .forEach(id -> findForUpdate(id).ifPresent(m -> out.put(id, m)));
        return out;
    }
}
