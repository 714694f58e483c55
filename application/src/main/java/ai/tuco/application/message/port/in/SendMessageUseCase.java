package ai.tuco.application.message.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.LeadId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Accepts a message: stores it, its first event and its place in the dispatch queue, all or nothing. */
public interface SendMessageUseCase {
    SentMessage send(SendMessageCommand command);

    /**
     * The request as the client sent it, after JSON types were checked: strings are unparsed, absent fields are
     * empty. The service validates every rule and reports every broken one at once.
     *
     * @param altPhones altPhone1..3 in slot order (empty slot = not given)
     * @param allowedDaysOfWeek numbers 0–6 or day names, as sent; empty = not given
     * @param idempotencyKey the request's Idempotency-Key: a message accepted under it before is answered again
     */
    record SendMessageCommand(
            Caller caller,
            Actor actor,
            Optional<String> message,
            Optional<String> messageType,
            Optional<String> fromLineId,
            Optional<String> leadId,
            Optional<String> recipientPhone,
            Optional<String> recipientEmail,
            Optional<String> recipientName,
            List<Optional<String>> altPhones,
            List<Optional<String>> altEmails,
            Optional<String> scheduledDate,
            Optional<String> timezone,
            Optional<String> sendWindowStart,
            Optional<String> sendWindowEnd,
            Optional<List<Object>> allowedDaysOfWeek,
            Optional<String> batchId,
            Optional<String> subject,
            boolean sendFallbackSmsOnFailed,
            String correlationId,
            Optional<String> idempotencyKey) {
        public SendMessageCommand {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(correlationId, "correlationId");
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            altPhones = List.copyOf(altPhones);
            altEmails = List.copyOf(altEmails);
            if (altPhones.size() > 3 || altEmails.size() > 3) {
                throw new IllegalArgumentException("three alternate phones and emails at most");
            }
        }
    }

    /** @param duplicateOnly true when the message went to a lead that already existed (none was created) */
    record SentMessage(MessageView message, LeadId leadId, boolean duplicateOnly) {}
}
