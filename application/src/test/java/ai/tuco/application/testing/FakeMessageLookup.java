package ai.tuco.application.testing;

import ai.tuco.application.dispatch.port.out.MessageLookup;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import java.util.Optional;

/** Finds {@link InMemoryMessages}' messages by id or by the provider's id, in any workspace. */
public final class FakeMessageLookup implements MessageLookup {
    private final InMemoryMessages messages;

    public FakeMessageLookup(InMemoryMessages messages) {
        this.messages = messages;
    }

    @Override
    public Optional<Message> findForUpdate(MessageId id) {
        return messages.all().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    @Override
    public Optional<Message> findForUpdateByExternalId(String externalId) {
        return messages.all().stream().filter(m -> m.externalMessageId().equals(Optional.of(externalId))).findFirst();
    }

    @Override
    public Optional<Message> findForUpdateByExternalId(LineId line, String externalId) {
        return messages.all().stream()
                .filter(m -> m.lineId().equals(line) && m.externalMessageId().equals(Optional.of(externalId)))
                .findFirst();
    }
}
