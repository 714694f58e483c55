package ai.tuco.application.provider.port.out.spi;

import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.MessageId;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One message to send: the rendered text to one resolved address, from one line; {@code attempt} counts from 1.
 *
 * @param unsubscribeUrl for an email, the one-click unsubscribe link of this message (RFC 8058): a provider that sends
 *                       mail puts it in {@code List-Unsubscribe} with {@code List-Unsubscribe-Post:
 *                       List-Unsubscribe=One-Click}; others ignore it
 */
public record SendRequest(MessageId messageId, LineContext line, Channel channel, String to, Optional<String> subject,
        String text, int attempt, Optional<URI> unsubscribeUrl) {
    public SendRequest {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(unsubscribeUrl, "unsubscribeUrl");
    }

    /** A request without an unsubscribe link. */
    public SendRequest(MessageId messageId, LineContext line, Channel channel, String to, Optional<String> subject,
            String text, int attempt) {
        this(messageId, line, channel, to, subject, text, attempt, Optional.empty());
    }
}
