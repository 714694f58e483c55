package ai.tuco.application.message.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.message.RecordedEvent;
import java.util.List;

/** Reads one message, or its history, within the caller's workspace. */
public interface GetMessageQuery {
    /** @throws UseCaseException NOT_FOUND when the id is malformed, unknown or another workspace's */
    MessageView get(Caller caller, String messageId);

    List<RecordedEvent> events(Caller caller, String messageId);
}
