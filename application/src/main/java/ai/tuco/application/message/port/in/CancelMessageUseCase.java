package ai.tuco.application.message.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.MessageId;

/** Cancels a message that has not been claimed for sending yet. */
public interface CancelMessageUseCase {
    /**
     * @throws UseCaseException READ_ONLY for a read-only workspace; NOT_FOUND for another workspace's or an unknown
     *     message; CONFLICT ({@code INVALID_STATUS}) when it is past {@code scheduled} / {@code queued}
     */
    MessageView cancel(Caller caller, Actor actor, MessageId id);
}
