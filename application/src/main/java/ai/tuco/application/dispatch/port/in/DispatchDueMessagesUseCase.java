package ai.tuco.application.dispatch.port.in;

import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WorkspaceId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns due messages into sent ones. A dispatcher (one {@code owner}) claims a small batch in one transaction (each
 * message moved to {@code sending} under a lease), sends each outside any transaction, and records each outcome in a
 * second transaction that checks the lease is still this claim's.
 */
public interface DispatchDueMessagesUseCase {
    /** Claims due messages of lines whose gate is open; messages that cannot go out (no address, ...) are finished here. */
    List<Claim> claim(String owner);

    /** Sends one claimed message and records the outcome, fenced by the claim's lease. */
    Outcome send(Claim claim);

    /** Gives back claims whose send has not started (shutdown): queued again, usage refunded. */
    void release(List<Claim> claims);

    /** Extends the leases {@code owner} holds (while a provider is slow). */
    int renewLeases(String owner);

    /** Returns expired leases to the queue. */
    int sweepExpired();

    /** Claims a batch and sends it. @return how many messages were claimed */
    default int dispatchOnce(String owner) {
        List<Claim> claims = claim(owner);
        claims.forEach(this::send);
        return claims.size();
    }

    /**
     * A message claimed for sending: where it goes, what it says, and the lease (owner, attempt) that fences its outcome.
     * {@code message} is the message as the claim wrote it ({@code sending}): its outcome can be computed from it and
     * written where the stored row is still that one, without reading it again (ADR 31).
     */
    record Claim(String owner, int attempt, Line line, List<String> addresses, String text, Message message) {
        public Claim {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(message, "message");
            if (message.status() != MessageStatus.SENDING) {
                throw new IllegalArgumentException("a claimed message is sending, not " + message.status());
            }
            addresses = List.copyOf(addresses);
        }

        public MessageId messageId() {
            return message.id();
        }

        public WorkspaceId workspaceId() {
            return message.workspaceId();
        }

        public LeadId leadId() {
            return message.leadId();
        }

        public Channel channel() {
            return message.channel();
        }

        public Optional<String> subject() {
            return message.subject();
        }
    }

    /** What became of a claim. {@code LEASE_LOST}: another claim owns the message now and nothing was recorded. */
    enum Outcome { SENT, RETRY, FAILED, FALLBACK, LEASE_LOST }
}
