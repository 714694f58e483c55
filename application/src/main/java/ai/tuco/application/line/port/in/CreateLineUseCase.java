package ai.tuco.application.line.port.in;

import ai.tuco.domain.line.Provider;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.WorkspaceId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Adds a line (sender identity) to a workspace. */
public interface CreateLineUseCase {
    LineId create(CreateLineCommand command);

    /**
     * @param address the line's phone number (iMessage, SMS) or email address (email); normalised by the service
     * @param providerConfig write-only provider credentials
     */
    record CreateLineCommand(
            WorkspaceId workspaceId,
            Set<Channel> channels,
            Provider provider,
            Optional<String> address,
            String name,
            Map<String, String> providerConfig,
            Optional<LineId> id,
            Actor actor) {
        public CreateLineCommand {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(actor, "actor");
            channels = Set.copyOf(channels);
            if (channels.isEmpty()) {
                throw new IllegalArgumentException("a line needs at least one channel");
            }
            providerConfig = Map.copyOf(providerConfig);
            name = name == null ? "" : name.strip();
        }
    }
}
