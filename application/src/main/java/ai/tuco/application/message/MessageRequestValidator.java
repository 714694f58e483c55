package ai.tuco.application.message;

import ai.tuco.application.message.port.in.SendMessageUseCase.SendMessageCommand;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.domain.message.SendWindow;
import ai.tuco.domain.message.Template;
import ai.tuco.domain.message.WireDays;
import ai.tuco.domain.message.WireTime;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.ObjectIds;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks every rule of a {@code POST /api/messages} body and reads it into domain values, collecting one error
 * per broken field so the client sees them all at once.
 */
final class MessageRequestValidator {
    static final int MAX_BATCH_ID = 128;
    static final int MAX_SUBJECT = 998;
    static final int MAX_NAME = 200;
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

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

        Channel channel = c.messageType().map(t -> Channel.fromWire(t).orElseGet(() -> {
            errors.add(new FieldError("messageType", "messageType must be one of imessage, sms, email"));
            return null;
        })).orElse(Channel.IMESSAGE);

        String template = c.message().orElse("");
        if (c.message().isEmpty() || template.isBlank()) {
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
        Optional<LeadId> lead = c.leadId().flatMap(id -> id(errors, "leadId", id, LeadId::new));
        Optional<E164Phone> phone = c.recipientPhone().flatMap(p -> phone(errors, "recipientPhone", p, region));
        Optional<EmailAddress> email = c.recipientEmail().flatMap(e -> email(errors, "recipientEmail", e));

        // A raw recipient is where the message goes, with or without leadId: it must be able to take the channel.
        boolean raw = c.recipientPhone().isPresent() || c.recipientEmail().isPresent();
        if (c.leadId().isEmpty() && !raw) {
            errors.add(new FieldError("leadId", "one of leadId, recipientPhone or recipientEmail is required"));
        } else if (raw && channel == Channel.SMS && c.recipientPhone().isEmpty()) {
            errors.add(new FieldError("recipientPhone",
                    "recipientPhone is required for sms (an email address cannot take sms; give only leadId to use the lead's phone)"));
        } else if (raw && channel == Channel.EMAIL && c.recipientEmail().isEmpty()) {
            errors.add(new FieldError("recipientEmail",
                    "recipientEmail is required for email (a phone cannot take email; give only leadId to use the lead's email)"));
        }

        Optional<String> name = c.recipientName().map(String::strip).filter(n -> !n.isEmpty());
        if (name.isPresent() && name.get().length() > MAX_NAME) {
            errors.add(new FieldError("recipientName", "recipientName must be at most " + MAX_NAME + " characters"));
        }

        List<Optional<E164Phone>> altPhones = new ArrayList<>();
        for (int i = 0; i < c.altPhones().size(); i++) {
            String field = "altPhone" + (i + 1);
            altPhones.add(c.altPhones().get(i).flatMap(p -> phone(errors, field, p, region)));
        }
        List<Optional<EmailAddress>> altEmails = new ArrayList<>();
        for (int i = 0; i < c.altEmails().size(); i++) {
            String field = "altEmail" + (i + 1);
            altEmails.add(c.altEmails().get(i).flatMap(e -> email(errors, field, e)));
        }

        Optional<Instant> scheduled = c.scheduledDate().flatMap(s -> {
            try {
                OffsetDateTime t = OffsetDateTime.parse(s.strip());
                if (t.getYear() < 1970 || t.getYear() > 9999) {
                    errors.add(new FieldError("scheduledDate", "scheduledDate must be between the years 1970 and 9999"));
                    return Optional.empty();
                }
                return Optional.of(t.toInstant());
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("scheduledDate",
                        "scheduledDate must be an ISO-8601 date-time with an offset or Z, such as 2026-03-12T22:57:00Z"));
                return Optional.empty();
            }
        });

        Optional<SendWindow> window = window(c, errors);

        Optional<String> batch = c.batchId();
        if (batch.isPresent() && (batch.get().isEmpty() || batch.get().length() > MAX_BATCH_ID)) {
            errors.add(new FieldError("batchId", "batchId must be 1 to " + MAX_BATCH_ID + " characters"));
        }

        Optional<String> subject = c.subject();
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
        return new Valid(template, channel, line, lead, phone, email, name, altPhones, altEmails, scheduled, window,
                batch, subject);
    }

    private static Optional<SendWindow> window(SendMessageCommand c, List<FieldError> errors) {
        boolean anyWindowField = c.sendWindowStart().isPresent() || c.sendWindowEnd().isPresent()
                || c.allowedDaysOfWeek().isPresent();
        Optional<ZoneId> zone = c.timezone().flatMap(tz -> {
            if (!ZONES.contains(tz)) {
                errors.add(new FieldError("timezone", "timezone must be an IANA time zone such as America/New_York"));
                return Optional.empty();
            }
            return Optional.of(ZoneId.of(tz));
        });
        if (anyWindowField && c.timezone().isEmpty()) {
            errors.add(new FieldError("timezone", "timezone is required with sendWindowStart, sendWindowEnd or allowedDaysOfWeek"));
        }
        Optional<LocalTime> start = c.sendWindowStart().flatMap(t -> time(errors, "sendWindowStart", t));
        Optional<LocalTime> end = c.sendWindowEnd().flatMap(t -> time(errors, "sendWindowEnd", t));
        if (c.sendWindowStart().isPresent() != c.sendWindowEnd().isPresent()) {
            String missing = c.sendWindowStart().isPresent() ? "sendWindowEnd" : "sendWindowStart";
            errors.add(new FieldError(missing, "sendWindowStart and sendWindowEnd must be given together"));
        }
        Set<DayOfWeek> days = EnumSet.allOf(DayOfWeek.class);
        if (c.allowedDaysOfWeek().isPresent()) {
            List<Object> raw = c.allowedDaysOfWeek().get();
            if (raw.isEmpty()) {
                errors.add(new FieldError("allowedDaysOfWeek", "allowedDaysOfWeek must not be empty"));
            } else {
                try {
                    days = WireDays.parseDays(raw);
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("allowedDaysOfWeek", "allowedDaysOfWeek: " + e.getMessage()));
                }
            }
        }
        if (zone.isEmpty() || !errors.isEmpty()) {
            return Optional.empty();
        }
        LocalTime s = start.orElse(LocalTime.MIDNIGHT);
        LocalTime e = end.orElse(LocalTime.MIDNIGHT);
        return Optional.of(new SendWindow(zone.get(), days, s, e));
    }

    private static Optional<LocalTime> time(List<FieldError> errors, String field, String value) {
        try {
            return Optional.of(WireTime.parseHhMm(value));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, field + " must be HH:mm between 00:00 and 23:59"));
            return Optional.empty();
        }
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
