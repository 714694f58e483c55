package ai.tuco.application.line.port.in;

import ai.tuco.application.line.port.in.ListLinesQuery.LineWithUsage;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.LineId;

/** Admins change lines; anyone in the workspace may read one. Credentials are write-only. */
public interface ManageLinesUseCase {
    /** Applies the fields present in {@code changes}; absent ones keep their value. */
    LineWithUsage update(Caller caller, Actor actor, LineId lineId, LineInput changes);

    /** @throws ai.tuco.application.shared.port.in.UseCaseException NOT_FOUND unless the line is the caller's workspace's */
    LineWithUsage get(Caller caller, LineId lineId);
}
