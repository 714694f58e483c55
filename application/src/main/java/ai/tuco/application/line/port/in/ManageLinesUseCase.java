package ai.tuco.application.line.port.in;

import ai.tuco.application.line.port.in.ListLinesQuery.LineWithUsage;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.shared.Actor;

/** Admins create and change lines; anyone in the workspace may read one. Credentials are write-only. */
public interface ManageLinesUseCase {
    LineWithUsage create(Caller caller, Actor actor, LineInput input);

    LineWithUsage update(Caller caller, Actor actor, String lineId, LineInput changes);

    LineWithUsage get(Caller caller, String lineId);
}
