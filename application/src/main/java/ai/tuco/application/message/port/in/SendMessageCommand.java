package ai.tuco.application.message.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.shared.Actor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A message to accept, grouped as the contract groups it. Absent fields are empty. Values whose reading can fail stay
 * as the client wrote them: the service reports every broken field in one answer, in the contract's order and only
 * after the workspace is known to be writable, so they cannot be read earlier.
 *
 * @param fromLineId the line to send from; empty = the lead's last line, else round-robin
 * @param idempotency the request's Idempotency-Key: claimed, and answered, in the accepting transaction
 */
public record SendMessageCommand(
        Caller caller,
        Actor actor,
        Content content,
        Recipient recipient,
        Schedule schedule,
        Optional<String> fromLineId,
        Optional<String> batchId,
        boolean sendFallbackSmsOnFailed,
        String correlationId,
        Optional<IdempotencyKey> idempotency) {
    public SendMessageCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(fromLineId, "fromLineId");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(idempotency, "idempotency");
    }

    /**
     * What is sent and how.
     *
     * @param message the template, with {@code {{placeholders}}}
     * @param messageType imessage (the default), sms or email
     * @param subject email only
     */
    public record Content(Optional<String> message, Optional<String> messageType, Optional<String> subject) {}

    /**
     * Who it goes to: a lead by id, or a raw address (matched to a lead, else one is created), or both.
     *
     * @param altPhones altPhone1..3 in slot order (an empty slot = not given); they replace the lead's alternates slot by slot
     */
    public record Recipient(
            Optional<String> leadId,
            Optional<String> phone,
            Optional<String> email,
            Optional<String> name,
            List<Optional<String>> altPhones,
            List<Optional<String>> altEmails) {
        public Recipient {
            altPhones = List.copyOf(altPhones);
            altEmails = List.copyOf(altEmails);
            if (altPhones.size() > 3 || altEmails.size() > 3) {
                throw new IllegalArgumentException("three alternate phones and emails at most");
            }
        }

        /** The lead with this id, at its own addresses. */
        public static Recipient lead(String leadId) {
            return new Recipient(Optional.of(leadId), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of());
        }
    }

    /**
     * When it may go out: not before {@code scheduledDate}, and only inside the window in {@code timezone}.
     *
     * @param allowedDaysOfWeek numbers 0–6 (Sunday first) or day names, as sent (whole numbers as BigInteger, names as String)
     */
    public record Schedule(
            Optional<String> scheduledDate,
            Optional<String> timezone,
            Optional<String> sendWindowStart,
            Optional<String> sendWindowEnd,
            Optional<List<Object>> allowedDaysOfWeek) {
        /** Send as soon as possible, at any hour. */
        public static Schedule none() {
            return new Schedule(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * An Idempotency-Key and what it stands for. The message, its lead and the client's answer are written with the
     * key in one transaction: a repeat with the same request gets {@code answer}'s bytes back, one with another request
     * is refused, and no crash can leave a message without its stored answer.
     *
     * @param requestSha256 the request's fingerprint (method, path, body)
     * @param answer the body of the client's 201 for an accepted message
     */
    public record IdempotencyKey(String key, byte[] requestSha256, Function<SendMessageUseCase.SentMessage, byte[]> answer) {
        public IdempotencyKey {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(requestSha256, "requestSha256");
            Objects.requireNonNull(answer, "answer");
        }
    }
}
