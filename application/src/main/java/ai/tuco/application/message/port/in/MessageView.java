package ai.tuco.application.message.port.in;

import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Message;
import java.util.Objects;
import java.util.Optional;

/** A message with the line it is sent from, as the API shows it ({@code fromLinePhone}, {@code fromLineEmail}). */
public record MessageView(Message message, Optional<Line> line) {
    public MessageView {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(line, "line");
    }
}
