package ai.tuco.application.message.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.message.RecordedEvent;
import ai.tuco.domain.shared.MessageId;
import java.util.List;

/** Reads one message, or its history, within the caller's workspace. */
public interface GetMessageQuery {
    /** @throws UseCaseException NOT_FOUND when the message is unknown or another workspace's */
    MessageView get(Caller caller, MessageId id);

    /** The message's events in order. @throws UseCaseException NOT_FOUND as for {@link #get} */
    List<RecordedEvent> events(Caller caller, MessageId id);
}
