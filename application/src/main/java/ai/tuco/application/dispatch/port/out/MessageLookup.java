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
}
