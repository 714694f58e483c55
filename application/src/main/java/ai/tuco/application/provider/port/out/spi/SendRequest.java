package ai.tuco.application.provider.port.out.spi;

import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.MessageId;
import java.util.Objects;
import java.util.Optional;

/** One message to send: the rendered text to one resolved address, from one line; {@code attempt} counts from 1. */
public record SendRequest(MessageId messageId, LineContext line, Channel channel, String to, Optional<String> subject,
        String text, int attempt) {
    public SendRequest {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
    }
}
