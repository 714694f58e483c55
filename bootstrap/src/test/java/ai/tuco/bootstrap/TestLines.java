package ai.tuco.bootstrap;

import ai.tuco.application.line.port.in.CreateLineUseCase.CreateLineCommand;
import ai.tuco.application.line.port.in.CreateLineUseCase;
import ai.tuco.application.line.port.in.LineInput;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.workspace.port.out.WorkspaceRepository;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Role;
import java.util.Arrays;
import java.util.Optional;

/** Adds sandbox lines for end-to-end tests through the one line-creation use case, as an admin like the CLI. */
public final class TestLines {
    private TestLines() {}

    /** @param address a phone number, or an email address (then the line carries email only) */
    public static LineId sandbox(Tuco tuco, WorkspaceId workspace, String address, String name, Actor actor, Channel... channels) {
        var found = tuco.get(WorkspaceRepository.class).findById(workspace).orElseThrow();
        Caller admin = new Caller(found, Role.ADMIN, Optional.empty(), Optional.empty());
        boolean email = address.contains("@");
        LineInput fields = LineInput.of("sandbox", Arrays.stream(channels).map(Channel::wireName).toList(),
                email ? Optional.empty() : Optional.of(address), email ? Optional.of(address) : Optional.empty(), name);
        return tuco.get(CreateLineUseCase.class).create(admin, actor, new CreateLineCommand(fields)).line().id();
    }
}
