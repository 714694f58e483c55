package ai.tuco.adapters.delivery.twilio;

import ai.tuco.application.provider.port.out.spi.Callbacks;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.ObjectIds;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Twilio's message status callbacks, {@code POST {callbackBase}/status?m={messageId}} with a form body
 * ({@code MessageSid}, {@code MessageStatus}, {@code ErrorCode}, {@code ErrorMessage}, {@code To}, {@code From}, ...;
 * https://www.twilio.com/docs/messaging/guides/track-outbound-message-status). Authenticated with
 * {@code X-Twilio-Signature} over the public URL Twilio called and every form parameter ({@link TwilioSignature}): a
 * missing or wrong signature is 403 and records nothing. {@code sent}, {@code delivered}, {@code read},
 * {@code undelivered} and {@code failed} are status updates naming our message ({@code m}) and Twilio's
 * ({@code MessageSid}); other statuses ({@code queued}, {@code accepted}, {@code sending}, {@code scheduled}, ...) are
 * answered 200 and ignored. Stateless: a repeated callback decodes to the same update again (applying it twice is the
 * caller's idempotent business).
 */
final class TwilioStatusCallbacks implements Callbacks {
    static final String SIGNATURE_HEADER = "X-Twilio-Signature";

    @Override
    public Decoded decode(LineContext line, Inbound request) {
        if (!"status".equals(request.path())) {
            return Decoded.refused(404, "no such Twilio callback");
        }
        if (!"POST".equalsIgnoreCase(request.method())) {
            return Decoded.refused(405, "Twilio status callbacks are POSTs");
        }
        Optional<String> signature = request.header(SIGNATURE_HEADER);
        if (signature.isEmpty()) {
            return Decoded.refused(403, "missing X-Twilio-Signature");
        }
        String token = line.get(TwilioProvider.AUTH_TOKEN).orElse("");
        if (token.isEmpty() || !TwilioSignature.isValid(token, request.publicUrl().toString(), request.form(), signature.get())) {
            return Decoded.refused(403, "X-Twilio-Signature does not match");
        }
        Optional<String> sid = request.formParam("MessageSid").filter(s -> !s.isBlank());
        Optional<MessageId> ours = request.queryParam("m").filter(ObjectIds::isValid).map(MessageId::new);
        if (sid.isEmpty() && ours.isEmpty()) {
            return Decoded.refused(400, "the callback names no message");
        }
        String status = request.formParam("MessageStatus").orElse("");
        Optional<StatusUpdate.Kind> kind = kind(status);
        if (kind.isEmpty()) {
            return new Decoded(Answer.ok(), List.of());
        }
        if (kind.get() != StatusUpdate.Kind.FAILED) {
            return new Decoded(Answer.ok(), List.of(new StatusUpdate(ours, sid, kind.get(), Optional.empty(), Optional.empty(),
                    Optional.empty())));
        }
        Optional<String> errorCode = request.formParam("ErrorCode").filter(c -> c.matches("\\d{1,9}"));
        String code = errorCode.map(c -> "TWILIO_" + c).orElse("TWILIO_" + status.toUpperCase(Locale.ROOT));
        String text = request.formParam("ErrorMessage").map(TwilioErrors::clean).filter(s -> !s.isEmpty())
                .orElse("Twilio reported the message " + status + errorCode.map(c -> " (error " + c + ")").orElse(""));
        return new Decoded(Answer.ok(), List.of(StatusUpdate.failed(ours, sid, code, text)));
    }

    /** The statuses we act on; empty for the rest (queued, accepted, sending, scheduled, canceled, receiving, ...). */
    static Optional<StatusUpdate.Kind> kind(String twilioStatus) {
        return switch (twilioStatus) {
            case "sent" -> Optional.of(StatusUpdate.Kind.SENT);
            case "delivered" -> Optional.of(StatusUpdate.Kind.DELIVERED);
            case "read" -> Optional.of(StatusUpdate.Kind.READ);
            case "undelivered", "failed" -> Optional.of(StatusUpdate.Kind.FAILED);
            default -> Optional.empty();
        };
    }
}
