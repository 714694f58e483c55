package ai.tuco.application.dispatch.port.out;

import ai.tuco.domain.shared.MessageId;
import java.net.URI;
import java.util.Optional;

/** The one-click unsubscribe link an email carries (RFC 8058); empty when the service offers none. */
@FunctionalInterface
public interface UnsubscribeLinks {
    UnsubscribeLinks NONE = id -> Optional.empty();

    Optional<URI> forMessage(MessageId id);
}
