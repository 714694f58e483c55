package ai.tuco.application.line.port.in;

import ai.tuco.application.line.port.in.ListLinesQuery.LineWithUsage;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.LineId;
import java.util.Objects;
import java.util.Optional;

/** Adds a line (sender identity) to the caller's workspace: the one way in for the API, the CLI and the demo seed. */
public interface CreateLineUseCase {
    /**
     * @param caller an admin of a writable workspace
     * @throws ai.tuco.application.shared.port.in.UseCaseException INVALID naming each broken field, NOT_FOUND for an
     *     owner who is not a user of the workspace, FORBIDDEN or READ_ONLY
     */
    LineWithUsage create(Caller caller, Actor actor, CreateLineCommand command);

    /**
     * @param fields the line's fields; provider and channels are required, absent others take their defaults
     * @param id a fixed id (the demo seed's); empty for a new one
     */
    record CreateLineCommand(LineInput fields, Optional<LineId> id) {
        public CreateLineCommand {
            Objects.requireNonNull(fields, "fields");
            Objects.requireNonNull(id, "id");
        }

        public CreateLineCommand(LineInput fields) {
            this(fields, Optional.empty());
        }
    }
}
