package ai.tuco.domain.lead;

import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A person a workspace writes to. Phones are E.164 and emails lower-cased, so matching a raw recipient
 * to an existing lead is an equality test. Up to three alternate phones and emails may be kept. {@code lastReplyAt}
 * is when the lead last replied to a line (kept by the reply's transaction, never by an edit of the lead).
 */
public record Lead(
        LeadId id,
        WorkspaceId workspaceId,
        String firstName,
        String lastName,
        Optional<E164Phone> phone,
        Optional<EmailAddress> email,
        List<E164Phone> altPhones,
        List<EmailAddress> altEmails,
        String companyName,
        String jobTitle,
        String notes,
        Map<String, String> customFields,
        Optional<String> listId,
        String source,
        Instant createdAt,
        Instant updatedAt,
        Optional<Availability> availability,
        Optional<Instant> lastReplyAt) {

    public static final int MAX_ALTERNATES = 3;
    public static final int MAX_CUSTOM_FIELDS = 100;
    public static final int MAX_CUSTOM_FIELD_KEY = 100;
    public static final int MAX_CUSTOM_FIELD_VALUE = 10_000;
    /** Why a lead with neither phone nor email is refused. */
    public static final String NEEDS_AN_ADDRESS = "a lead needs a phone or an email";

    /** The lead's free-text fields and how long each may be. */
    public enum TextField {
        FIRST_NAME("firstName", 500), LAST_NAME("lastName", 500), COMPANY_NAME("companyName", 500),
        JOB_TITLE("jobTitle", 500), NOTES("notes", 10_000);

        private final String fieldName;
        private final int maxLength;

        TextField(String fieldName, int maxLength) {
            this.fieldName = fieldName;
            this.maxLength = maxLength;
        }

        public String fieldName() {
            return fieldName;
        }

        /** What is wrong with {@code value} for this field, if anything. */
        public Optional<String> problem(String value) {
            return value.length() > maxLength
                    ? Optional.of(fieldName + " must be at most " + maxLength + " characters")
                    : Optional.empty();
        }
    }

    /** What is wrong with {@code fields} as a lead's custom fields, if anything. */
    public static Optional<String> customFieldsProblem(Map<String, String> fields) {
        if (fields.size() > MAX_CUSTOM_FIELDS) {
            return Optional.of("customFields holds at most " + MAX_CUSTOM_FIELDS + " keys");
        }
        if (fields.keySet().stream().anyMatch(k -> k.isEmpty() || k.length() > MAX_CUSTOM_FIELD_KEY)) {
            return Optional.of("customFields keys must be 1 to " + MAX_CUSTOM_FIELD_KEY + " characters");
        }
        if (fields.values().stream().anyMatch(v -> v.length() > MAX_CUSTOM_FIELD_VALUE)) {
            return Optional.of("customFields values must be at most " + MAX_CUSTOM_FIELD_VALUE + " characters");
        }
        return Optional.empty();
    }

    /** A lead that never replied. */
    public Lead(LeadId id, WorkspaceId workspaceId, String firstName, String lastName, Optional<E164Phone> phone,
            Optional<EmailAddress> email, List<E164Phone> altPhones, List<EmailAddress> altEmails, String companyName,
            String jobTitle, String notes, Map<String, String> customFields, Optional<String> listId, String source,
            Instant createdAt, Instant updatedAt, Optional<Availability> availability) {
        this(id, workspaceId, firstName, lastName, phone, email, altPhones, altEmails, companyName, jobTitle, notes,
                customFields, listId, source, createdAt, updatedAt, availability, Optional.empty());
    }

    /** A lead whose iMessage availability was never checked. */
    public Lead(LeadId id, WorkspaceId workspaceId, String firstName, String lastName, Optional<E164Phone> phone,
            Optional<EmailAddress> email, List<E164Phone> altPhones, List<EmailAddress> altEmails, String companyName,
            String jobTitle, String notes, Map<String, String> customFields, Optional<String> listId, String source,
            Instant createdAt, Instant updatedAt) {
        this(id, workspaceId, firstName, lastName, phone, email, altPhones, altEmails, companyName, jobTitle, notes,
                customFields, listId, source, createdAt, updatedAt, Optional.empty());
    }

    public Lead {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(listId, "listId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(availability, "availability");
        Objects.requireNonNull(lastReplyAt, "lastReplyAt");
        altPhones = List.copyOf(altPhones);
        altEmails = List.copyOf(altEmails);
        if (altPhones.size() > MAX_ALTERNATES || altEmails.size() > MAX_ALTERNATES) {
            throw new IllegalArgumentException("at most " + MAX_ALTERNATES + " alternate phones and emails");
        }
        customFields = Map.copyOf(customFields);
        firstName = nullToEmpty(firstName);
        lastName = nullToEmpty(lastName);
        companyName = nullToEmpty(companyName);
        jobTitle = nullToEmpty(jobTitle);
        notes = nullToEmpty(notes);
        source = nullToEmpty(source);
    }

    /** Whether the lead can be written to at all: it has a phone or an email (alternates alone do not count). */
    public boolean hasPhoneOrEmail() {
        return phone.isPresent() || email.isPresent();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
