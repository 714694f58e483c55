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
 * to an existing lead is an equality test. Up to three alternate phones and emails may be kept.
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
        Optional<Availability> availability) {

    public static final int MAX_ALTERNATES = 3;

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

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
