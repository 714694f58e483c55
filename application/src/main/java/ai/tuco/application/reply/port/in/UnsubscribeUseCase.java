package ai.tuco.application.reply.port.in;

import ai.tuco.domain.shared.MessageId;
import java.net.URI;
import java.util.Optional;

/**
 * Email one-click unsubscribe (RFC 8058): every email carries a signed per-message link of ours; a POST to it lists the
 * recipient's email address on the sending workspace's do-not-contact list (source {@code unsubscribe}).
 */
public interface UnsubscribeUseCase {
    /** {@code {TUCO_PUBLIC_URL}/unsubscribe/{token}}, the token being the message id signed with a key of ours. */
    URI linkFor(MessageId messageId);

    /** For the confirmation page: the address the link would list, masked ({@code j***@example.com}); empty if forged. */
    Optional<String> preview(String token);

    /** Lists the address; @return false for a forged token or one naming no email message (nothing is written) */
    boolean unsubscribe(String token);
}
