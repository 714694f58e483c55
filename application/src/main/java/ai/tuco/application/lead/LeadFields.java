package ai.tuco.application.lead;

import ai.tuco.application.lead.port.in.LeadChanges;
import ai.tuco.application.lead.port.in.LeadInput;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.domain.lead.Availability;
import ai.tuco.domain.lead.Lead.TextField;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a client's {@link LeadInput} into {@link LeadChanges} (one {@link FieldError} per broken field), and applies
 * changes to a new or an existing lead. Shared by import and update so each field rule is written once: lengths
 * and custom-field limits are the domain's ({@link Lead}), phones go through the {@link PhoneNormalizer} port.
 */
final class LeadFields {
    private final PhoneNormalizer phones;

    LeadFields(PhoneNormalizer phones) {
        this.phones = phones;
    }

    /** The checked changes, or the errors; never both. */
    record Checked(Optional<LeadChanges> changes, List<FieldError> errors) {}

    /** @param region where phones written without a leading + are read */
    Checked check(LeadInput in, String region) {
        List<FieldError> errors = new ArrayList<>();
        Optional<String> first = text(in.firstName(), TextField.FIRST_NAME, errors);
        Optional<String> last = text(in.lastName(), TextField.LAST_NAME, errors);
        Optional<String> company = text(in.companyName(), TextField.COMPANY_NAME, errors);
        Optional<String> title = text(in.jobTitle(), TextField.JOB_TITLE, errors);
        Optional<String> notes = text(in.notes(), TextField.NOTES, errors);
        Optional<Optional<E164Phone>> phone = in.phone().map(raw -> phone(raw, region, "phone", errors));
        Optional<Optional<EmailAddress>> email = in.email().map(raw -> email(raw, "email", errors));
        List<Optional<E164Phone>> altPhones = new ArrayList<>();
        for (int i = 0; i < in.altPhones().size(); i++) {
            String field = "altPhone" + (i + 1);
            altPhones.add(in.altPhones().get(i).flatMap(raw -> phone(raw, region, field, errors)));
        }
        List<Optional<EmailAddress>> altEmails = new ArrayList<>();
        for (int i = 0; i < in.altEmails().size(); i++) {
            String field = "altEmail" + (i + 1);
            altEmails.add(in.altEmails().get(i).flatMap(raw -> email(raw, field, errors)));
        }
        in.customFields().flatMap(Lead::customFieldsProblem).ifPresent(m -> errors.add(new FieldError("customFields", m)));
        Optional<Optional<String>> listId = in.listId().map(raw -> Optional.of(raw.strip()).filter(s -> !s.isEmpty()));
        if (!errors.isEmpty()) {
            return new Checked(Optional.empty(), errors);
        }
        return new Checked(Optional.of(new LeadChanges(first, last, company, title, notes, phone, email, altPhones, altEmails,
                in.customFields(), listId)), List.of());
    }

    /** A new lead holding {@code changes}; {@code listId} unless the changes name their own. */
    static Lead newLead(LeadChanges changes, LeadId id, WorkspaceId workspace, Optional<String> listId, String source,
            Instant now) {
        return build(changes, id, workspace, "", "", Optional.empty(), Optional.empty(), List.of(), List.of(), "", "", "",
                Map.of(), listId, source, now, now, Optional.empty(), Optional.empty());
    }

    /** {@code base} with {@code changes} applied, updated at {@code now}. */
    static Lead apply(Lead base, LeadChanges changes, Instant now) {
        return build(changes, base.id(), base.workspaceId(), base.firstName(), base.lastName(), base.phone(), base.email(),
                base.altPhones(), base.altEmails(), base.companyName(), base.jobTitle(), base.notes(), base.customFields(),
                base.listId(), base.source(), base.createdAt(), now, base.availability(), base.lastReplyAt());
    }

    private static Lead build(LeadChanges c, LeadId id, WorkspaceId workspace, String first, String last,
            Optional<E164Phone> phone, Optional<EmailAddress> email, List<E164Phone> altPhones, List<EmailAddress> altEmails,
            String company, String title, String notes, Map<String, String> custom, Optional<String> listId, String source,
            Instant createdAt, Instant updatedAt, Optional<Availability> availability, Optional<Instant> lastReplyAt) {
        return new Lead(id, workspace, c.firstName().orElse(first), c.lastName().orElse(last), c.phone().orElse(phone),
                c.email().orElse(email), slots(altPhones, c.altPhones()), slots(altEmails, c.altEmails()),
                c.companyName().orElse(company), c.jobTitle().orElse(title), c.notes().orElse(notes),
                c.customFields().orElse(custom), c.listId().orElse(listId), source, createdAt, updatedAt, availability,
                lastReplyAt);
    }

    /** Each given slot replaces the value at its position, or is added when the list is shorter. */
    private static <T> List<T> slots(List<T> current, List<Optional<T>> given) {
        List<T> out = new ArrayList<>(current);
        for (int slot = 0; slot < given.size(); slot++) {
            if (given.get(slot).isEmpty()) {
                continue;
            }
            if (slot < out.size()) {
                out.set(slot, given.get(slot).get());
            } else {
                out.add(given.get(slot).get());
            }
        }
        return out.stream().distinct().limit(Lead.MAX_ALTERNATES).toList();
    }

    private static Optional<String> text(Optional<String> given, TextField field, List<FieldError> errors) {
        return given.map(String::strip).map(v -> {
            field.problem(v).ifPresent(m -> errors.add(new FieldError(field.fieldName(), m)));
            return v;
        });
    }

    /** Empty for a blank value (it clears the field) or an invalid one (reported). */
    private Optional<E164Phone> phone(String raw, String region, String field, List<FieldError> errors) {
        if (raw.isBlank()) {
            return Optional.empty();
        }
        Optional<E164Phone> p = phones.normalize(raw, region);
        if (p.isEmpty()) {
            errors.add(new FieldError(field, field + " is not a valid phone number"));
        }
        return p;
    }

    private static Optional<EmailAddress> email(String raw, String field, List<FieldError> errors) {
        if (raw.isBlank()) {
            return Optional.empty();
        }
        if (!EmailAddress.isValid(raw)) {
            errors.add(new FieldError(field, field + " is not a valid email address"));
            return Optional.empty();
        }
        return Optional.of(EmailAddress.parse(raw));
    }
}
