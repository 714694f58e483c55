package ai.tuco.application.testing;

import ai.tuco.application.message.port.out.AcceptedKeys;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The message each (workspace, idempotency key) was accepted as. */
public final class FakeAcceptedKeys implements AcceptedKeys {
    private final Map<String, MessageId> byKey = new HashMap<>();

    @Override
    public Optional<MessageId> find(WorkspaceId workspaceId, String key) {
        return Optional.ofNullable(byKey.get(workspaceId.value() + "/" + key));
    }

    @Override
    public void remember(WorkspaceId workspaceId, String key, MessageId messageId, Instant at) {
        byKey.put(workspaceId.value() + "/" + key, messageId);
    }
}
