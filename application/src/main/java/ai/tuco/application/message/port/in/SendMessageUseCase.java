package ai.tuco.application.message.port.in;

import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.shared.LeadId;
import java.util.List;
import java.util.Optional;

/**
 * Accepts messages: each is stored with its first event and its place in the dispatch queue, all or nothing, and is
 * answered only once that is committed. Concurrent accepts share transactions (group commit).
 */
public interface SendMessageUseCase {
    /**
     * @throws UseCaseException the request's refusal, as it would be alone
     */
    Reply send(SendMessageCommand command);

    /**
     * Accepts many messages of one caller: one outcome per command, in order. A refused command does not stop the
     * others.
     */
    List<Outcome> sendAll(List<SendMessageCommand> commands);

    /** What the client of an accept gets. */
    sealed interface Reply permits SentMessage, Replayed {}

    /**
     * @param duplicateOnly true when the message went to a lead that already existed (none was created)
     * @param answer for a request with an Idempotency-Key, the bytes stored with the key as its answer
     */
    record SentMessage(MessageView message, LeadId leadId, boolean duplicateOnly, Optional<byte[]> answer) implements Reply {
        public SentMessage(MessageView message, LeadId leadId, boolean duplicateOnly) {
            this(message, leadId, duplicateOnly, Optional.empty());
        }
    }

    /** The answer stored with the request's Idempotency-Key, byte for byte. */
    record Replayed(int status, byte[] body) implements Reply {}

    /** One command's outcome in {@link #sendAll}: its reply, or why it was refused (or failed). */
    record Outcome(Optional<Reply> reply, Optional<RuntimeException> error) {
        public static Outcome of(Reply reply) {
            return new Outcome(Optional.of(reply), Optional.empty());
        }

        public static Outcome failed(RuntimeException error) {
            return new Outcome(Optional.empty(), Optional.of(error));
        }

        /** The reply, or the refusal thrown. */
        public Reply orThrow() {
            if (error.isPresent()) {
                throw error.get();
            }
            return reply.orElseThrow();
        }
    }
}
