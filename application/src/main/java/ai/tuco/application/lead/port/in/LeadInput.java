package ai.tuco.application.lead.port.in;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Lead fields as a client sent them (strings unparsed). A present field sets the value; an empty string clears it.
 *
 * @param altPhones altPhone1..3 by slot; @param altEmails altEmail1..3 by slot
 */
public record LeadInput(
        Optional<String> firstName,
        Optional<String> lastName,
        Optional<String> email,
        Optional<String> phone,
        Optional<String> companyName,
        Optional<String> jobTitle,
        Optional<String> notes,
        Optional<Map<String, String>> customFields,
        List<Optional<String>> altPhones,
        List<Optional<String>> altEmails,
        Optional<String> listId) {
    public LeadInput {
        Objects.requireNonNull(customFields, "customFields");
        altPhones = List.copyOf(altPhones);
        altEmails = List.copyOf(altEmails);
        if (altPhones.size() > 3 || altEmails.size() > 3) {
            throw new IllegalArgumentException("three alternate phones and emails at most");
        }
    }
}
