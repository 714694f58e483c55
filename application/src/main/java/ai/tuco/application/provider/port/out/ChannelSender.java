package ai.tuco.application.provider.port.out;

import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WorkspaceId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One provider's way of sending a message from a line; a thin translator to {@link SendResult}. Never called inside a transaction. */
public interface ChannelSender {

    /** Whether {@code address} (a phone or an email) can receive iMessage from this line. */
    boolean iMessageAvailable(Line line, String address);

    SendResult send(Outgoing message);

    /** What to send: the rendered text to one resolved address, from one line. */
    record Outgoing(
            MessageId messageId, WorkspaceId workspaceId, Line line, Channel channel, String to,
            Optional<String> subject, String text, int attempt) {
        public Outgoing {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * The provider took the message, refused it (for now or for good) with its own code and text, or was not asked
     * because no address of the recipient takes iMessage on this channel.
     */
    sealed interface SendResult {
        record Accepted(String externalId) implements SendResult {
            public Accepted {
                Objects.requireNonNull(externalId, "externalId");
            }
        }

        record Rejected(String code, String message, boolean retryable) implements SendResult {
            public Rejected {
                Objects.requireNonNull(code, "code");
                Objects.requireNonNull(message, "message");
            }
        }

        /** No address takes iMessage from this line; {@code checkedAddresses} lists those asked, in order. */
        record NotAvailable(List<String> checkedAddresses) implements SendResult {
            public NotAvailable {
                checkedAddresses = List.copyOf(checkedAddresses);
            }
        }
    }
}
