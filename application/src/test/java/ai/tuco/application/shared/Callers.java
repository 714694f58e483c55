package ai.tuco.application.shared;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.ApiKeyId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Instant;
import java.util.Optional;

/** Callers of test workspaces (default country US) authenticated by an API key. */
public final class Callers {
    public static final Actor ACTOR = new Actor("api_key", "aaaaaaaaaaaaaaaaaaaaaaaa", Optional.empty(), Optional.empty());

    private Callers() {}

    public static Caller member(WorkspaceId workspace) {
        return caller(workspace, WorkspaceStatus.ACTIVE);
    }

    public static Caller readOnly(WorkspaceId workspace) {
        return caller(workspace, WorkspaceStatus.READ_ONLY);
    }

    private static Caller caller(WorkspaceId workspace, WorkspaceStatus status) {
        return new Caller(new Workspace(workspace, "test", status, "US", Optional.empty(), Instant.parse("2026-01-01T00:00:00Z")),
                Role.MEMBER, Optional.of(new ApiKeyId("aaaaaaaaaaaaaaaaaaaaaaaa")), Optional.empty());
    }
}
