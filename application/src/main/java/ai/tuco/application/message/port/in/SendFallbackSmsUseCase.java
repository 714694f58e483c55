package ai.tuco.application.message.port.in;

import ai.tuco.domain.message.Message;
import ai.tuco.domain.shared.MessageId;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code sendFallbackSmsOnFailed}: after an iMessage ended {@code failed} or {@code fallback}, sends its text as an SMS
 * in the caller's transaction (dispatch and provider events call it where they record the failure).
 */
public interface SendFallbackSmsUseCase {
    /** @param failed the message as just recorded; @return the SMS's id, or empty when none is sent */
    Optional<MessageId> sendFor(Message failed, Instant now);
}
