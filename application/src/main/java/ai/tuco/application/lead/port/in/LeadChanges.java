package ai.tuco.application.lead.port.in;

import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link LeadInput} checked and normalised: each present field sets that value, absent ones leave the lead's own.
 * For phone, email and listId the outer Optional says whether the client gave the field and an empty inner value
 * clears it; each given alternate slot (altPhone1..3, altEmail1..3) sets that slot.
 */
public record LeadChanges(
        Optional<String> firstName,
        Optional<String> lastName,
        Optional<String> companyName,
        Optional<String> jobTitle,
        Optional<String> notes,
        Optional<Optional<E164Phone>> phone,
        Optional<Optional<EmailAddress>> email,
        List<Optional<E164Phone>> altPhones,
        List<Optional<EmailAddress>> altEmails,
        Optional<Map<String, String>> customFields,
        Optional<Optional<String>> listId) {
    public LeadChanges {
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(lastName, "lastName");
        Objects.requireNonNull(companyName, "companyName");
        Objects.requireNonNull(jobTitle, "jobTitle");
        Objects.requireNonNull(notes, "notes");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(customFields, "customFields");
        Objects.requireNonNull(listId, "listId");
        altPhones = List.copyOf(altPhones);
        altEmails = List.copyOf(altEmails);
        customFields = customFields.map(Map::copyOf);
    }
}
