package ai.tuco.bootstrap;

import ai.tuco.application.workspace.port.in.CreateApiKeyUseCase.CreateApiKeyCommand;
import ai.tuco.application.workspace.port.in.CreateApiKeyUseCase;
import ai.tuco.application.workspace.port.in.CreateWorkspaceUseCase.CreateWorkspaceCommand;
import ai.tuco.application.workspace.port.in.CreateWorkspaceUseCase;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Role;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Workspaces, API keys and sandbox lines for end-to-end tests, made through the real use cases of a running service:
 * {@code workspaces.create().withMemberKey().withLine(Channel.SMS).build()}. Shared by the admin, API and dispatch
 * fixtures, so a workspace means the same thing in every suite.
 */
public final class TestWorkspaces {
    private static final AtomicInteger SEQ = new AtomicInteger();

    /** A workspace with its first admin key, a member key when asked for, and the lines made with it by channel. */
    public record TestWorkspace(WorkspaceId id, String adminKey, Optional<String> memberKey, Map<Channel, LineId> lines) {
        public TestWorkspace {
            Map<Channel, LineId> copy = new EnumMap<>(Channel.class);
            copy.putAll(lines);
            lines = Collections.unmodifiableMap(copy);
        }

        public String idValue() {
            return id.value();
        }

        public String member() {
            return memberKey.orElseThrow(() -> new IllegalStateException("made without withMemberKey()"));
        }

        public LineId line(Channel channel) {
            LineId line = lines.get(channel);
            if (line == null) {
                throw new IllegalStateException("made without a " + channel.wireName() + " line");
            }
            return line;
        }
    }

    private final Tuco tuco;
    private final Actor actor;

    /** @param actor who the audit log says made the workspaces, keys and lines */
    public TestWorkspaces(Tuco tuco, Actor actor) {
        this.tuco = tuco;
        this.actor = actor;
    }

    public Builder create() {
        return new Builder();
    }

    /** A new API key of the workspace; @return its secret */
    public String key(WorkspaceId workspace, Role role, Optional<String> userId) {
        return tuco.get(CreateApiKeyUseCase.class)
                .create(new CreateApiKeyCommand(workspace, "test " + role.wireName(), role, userId.map(UserId::new), actor))
                .secret();
    }

    /** A new sandbox line of the workspace sending from {@code address} on {@code channels}. */
    public LineId line(WorkspaceId workspace, String address, String name, Set<Channel> channels) {
        return TestLines.sandbox(tuco, workspace, address, name, actor, channels.toArray(Channel[]::new));
    }

    /** An address no other line made by this JVM uses: an email address for email, else a US phone number. */
    public static String freshAddress(Channel channel) {
        int n = SEQ.incrementAndGet();
        return channel == Channel.EMAIL ? "line" + n + "@tuco.example" : "+1415555" + String.format("%04d", n % 10_000);
    }

    public final class Builder {
        private String name = "Test workspace " + SEQ.incrementAndGet();
        private String defaultCountry = "US";
        private boolean memberKey;
        private final List<Channel> lineChannels = new ArrayList<>();

        private Builder() {}

        public Builder named(String name) {
            this.name = name;
            return this;
        }

        public Builder defaultCountry(String country) {
            this.defaultCountry = country;
            return this;
        }

        public Builder withMemberKey() {
            this.memberKey = true;
            return this;
        }

        /** One sandbox line for {@code channel}, on a fresh address. */
        public Builder withLine(Channel channel) {
            lineChannels.add(channel);
            return this;
        }

        public TestWorkspace build() {
            var created = tuco.get(CreateWorkspaceUseCase.class)
                    .create(new CreateWorkspaceCommand(name, defaultCountry, Optional.empty(), actor));
            WorkspaceId id = created.workspaceId();
            Optional<String> member = memberKey ? Optional.of(key(id, Role.MEMBER, Optional.empty())) : Optional.empty();
            Map<Channel, LineId> lines = new EnumMap<>(Channel.class);
            for (Channel channel : lineChannels) {
                lines.put(channel, line(id, freshAddress(channel), "line " + channel.wireName(), Set.of(channel)));
            }
            return new TestWorkspace(id, created.apiKey(), member, lines);
        }
    }
}
