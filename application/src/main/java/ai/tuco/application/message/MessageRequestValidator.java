package ai.tuco.application.message;

import ai.tuco.application.message.port.in.SendMessageCommand;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.domain.message.SendWindow;
import ai.tuco.domain.message.Template;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.ObjectIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks every rule of a {@code POST /api/messages} body and reads it into domain values, collecting one error
 * per broken field so the client sees them all at once.
 */
final class MessageRequestValidator {
    static final int MAX_BATCH_ID = 128;
    static final int MAX_SUBJECT = 998;
    static final int MAX_NAME = 200;

    private final PhoneNormalizer phones;

    MessageRequestValidator(PhoneNormalizer phones) {
        this.phones = phones;
    }

    /** The request read into domain values. */
    record Valid(
            String template,
            Channel channel,
            Optional<LineId> fromLineId,
            Optional<LeadId> leadId,
            Optional<E164Phone> recipientPhone,
            Optional<EmailAddress> recipientEmail,
            Optional<String> recipientName,
            List<Optional<E164Phone>> altPhones,
            List<Optional<EmailAddress>> altEmails,
            Optional<Instant> scheduledDate,
            Optional<SendWindow> window,
            Optional<String> batchId,
            Optional<String> subject) {}

    /** @throws UseCaseException VALIDATION_ERROR listing every broken rule */
    Valid validate(SendMessageCommand c) {
        List<FieldError> errors = new ArrayList<>();
        String region = c.caller().workspace().defaultCountry();
        SendMessageCommand.Content content = c.content();
        SendMessageCommand.Recipient to = c.recipient();

        Channel channel = content.messageType().map(t -> Channel.fromWire(t).orElseGet(() -> {
            errors.add(new FieldError("messageType", "messageType must be one of imessage, sms, email"));
            return null;
        })).orElse(Channel.IMESSAGE);

        String template = content.message().orElse("");
        if (content.message().isEmpty() || template.isBlank()) {
            errors.add(new FieldError("message", "message is required and must not be empty"));
        } else {
            int length = template.codePointCount(0, template.length());
            if (channel != null && length > channel.maxCodePoints()) {
                errors.add(new FieldError("message", "message is " + length + " characters; " + channel.wireName()
                        + " allows at most " + channel.maxCodePoints()));
            }
            List<String> unknown = Template.parse(template).unknownFields();
            if (!unknown.isEmpty()) {
                errors.add(new FieldError("message", "unknown placeholder" + (unknown.size() > 1 ? "s " : " ")
                        + String.join(", ", unknown.stream().map(f -> "{{" + f + "}}").toList())
                        + "; use a lead field such as {{firstName}} or {{customFields.key}}"));
            }
        }

        Optional<LineId> line = c.fromLineId().flatMap(id -> id(errors, "fromLineId", id, LineId::new));
        Optional<LeadId> lead = to.leadId().flatMap(id -> id(errors, "leadId", id, LeadId::new));
        Optional<E164Phone> phone = to.phone().flatMap(p -> phone(errors, "recipientPhone", p, region));
        Optional<EmailAddress> email = to.email().flatMap(e -> email(errors, "recipientEmail", e));

        // A raw recipient is where the message goes, with or without leadId: it must be able to take the channel.
        boolean raw = to.phone().isPresent() || to.email().isPresent();
        if (to.leadId().isEmpty() && !raw) {
            errors.add(new FieldError("leadId", "one of leadId, recipientPhone or recipientEmail is required"));
        } else if (raw && channel == Channel.SMS && to.phone().isEmpty()) {
            errors.add(new FieldError("recipientPhone",
                    "recipientPhone is required for sms (an email address cannot take sms; give only leadId to use the lead's phone)"));
        } else if (raw && channel == Channel.EMAIL && to.email().isEmpty()) {
            errors.add(new FieldError("recipientEmail",
                    "recipientEmail is required for email (a phone cannot take email; give only leadId to use the lead's email)"));
        }

        Optional<String> name = to.name().map(String::strip).filter(n -> !n.isEmpty());
        if (name.isPresent() && name.get().length() > MAX_NAME) {
            errors.add(new FieldError("recipientName", "recipientName must be at most " + MAX_NAME + " characters"));
        }

        List<Optional<E164Phone>> altPhones = new ArrayList<>();
        for (int i = 0; i < to.altPhones().size(); i++) {
            String field = "altPhone" + (i + 1);
            altPhones.add(to.altPhones().get(i).flatMap(p -> phone(errors, field, p, region)));
        }
        List<Optional<EmailAddress>> altEmails = new ArrayList<>();
        for (int i = 0; i < to.altEmails().size(); i++) {
            String field = "altEmail" + (i + 1);
            altEmails.add(to.altEmails().get(i).flatMap(e -> email(errors, field, e)));
        }

        ScheduleRules.When when = ScheduleRules.read(c.schedule(), errors);

        Optional<String> batch = c.batchId();
        if (batch.isPresent() && (batch.get().isEmpty() || batch.get().length() > MAX_BATCH_ID)) {
            errors.add(new FieldError("batchId", "batchId must be 1 to " + MAX_BATCH_ID + " characters"));
        }

        Optional<String> subject = content.subject();
        if (subject.isPresent()) {
            if (channel != null && channel != Channel.EMAIL) {
                errors.add(new FieldError("subject", "subject is only for email messages"));
            } else if (subject.get().length() > MAX_SUBJECT) {
                errors.add(new FieldError("subject", "subject must be at most " + MAX_SUBJECT + " characters"));
            } else if (subject.get().indexOf('\r') >= 0 || subject.get().indexOf('\n') >= 0) {
                errors.add(new FieldError("subject", "subject must be a single line"));
            }
        }

        if (!errors.isEmpty()) {
            throw UseCaseException.invalid(errors);
        }
        return new Valid(template, channel, line, lead, phone, email, name, altPhones, altEmails, when.scheduledDate(),
                when.window(), batch, subject);
    }

    private static <T> Optional<T> id(List<FieldError> errors, String field, String value, Function<String, T> make) {
        if (!ObjectIds.isValid(value)) {
            errors.add(new FieldError(field, field + " must be a 24-character lowercase hex id"));
            return Optional.empty();
        }
        return Optional.of(make.apply(value));
    }

    private Optional<E164Phone> phone(List<FieldError> errors, String field, String raw, String region) {
        Optional<E164Phone> phone = phones.normalize(raw, region);
        if (phone.isEmpty()) {
            errors.add(new FieldError(field, field + " is not a valid phone number (use E.164 such as +12025551234)"));
        }
        return phone;
    }

    private static Optional<EmailAddress> email(List<FieldError> errors, String field, String raw) {
        if (!EmailAddress.isValid(raw)) {
            errors.add(new FieldError(field, field + " is not a valid email address"));
            return Optional.empty();
        }
        return Optional.of(EmailAddress.parse(raw));
    }
}
