package ai.tuco.application.reply.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.shared.Actor;
import java.util.Optional;

/**
 * The sandbox's stand-in for a phone: an admin makes a lead "reply" on a sandbox line, recorded by
 * {@link RecordReplyUseCase} exactly as a provider's reply would be (STOP / START included).
 */
public interface SimulateReplyUseCase {
    /**
     * @param lineId  a sandbox line of the workspace
     * @param from    the sender's phone or email
     * @param message the reply's text
     * @throws UseCaseException FORBIDDEN for a member; INVALID naming every missing or bad field (a line that is not a
     *                          sandbox line, or not the workspace's, is {@code lineId}'s error)
     */
    RecordReplyUseCase.Recorded simulate(Caller caller, Actor actor, Optional<String> lineId, Optional<String> from,
            Optional<String> message);
}
