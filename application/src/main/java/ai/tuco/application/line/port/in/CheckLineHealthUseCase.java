package ai.tuco.application.line.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.line.LineHealth;
import ai.tuco.domain.shared.LineId;

/** Asks a line's provider whether the line works now (credentials, reachability); results feed the line choice. */
public interface CheckLineHealthUseCase {
    /**
     * Runs the check at once (admins) and answers its result.
     *
     * @throws ai.tuco.application.shared.port.in.UseCaseException NOT_FOUND unless the line is the caller's workspace's,
     *     FORBIDDEN for members
     */
    LineHealth checkNow(Caller caller, LineId lineId);

    /** The periodic checks this node claimed (one node per line per interval). @return how many lines were checked */
    int checkDue();
}
