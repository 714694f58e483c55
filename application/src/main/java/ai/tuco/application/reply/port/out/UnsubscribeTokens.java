package ai.tuco.application.reply.port.out;

import ai.tuco.domain.shared.MessageId;
import java.util.Optional;

/** Signed tokens of unsubscribe links: a message id a forger cannot produce for a message of their choosing. */
public interface UnsubscribeTokens {
    String tokenFor(MessageId messageId);

    /** The message the token was made for; empty for anything this service did not sign. */
    Optional<MessageId> verify(String token);
}
