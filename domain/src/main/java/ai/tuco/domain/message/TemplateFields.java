package ai.tuco.domain.message;

import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The lead fields a template may name, and the values a lead gives them. */
public final class TemplateFields {
    public static final Set<String> STANDARD =
            Set.of("firstName", "lastName", "fullName", "email", "phone", "companyName", "jobTitle");
    public static final String CUSTOM_PREFIX = "customFields.";
    private static final Pattern CUSTOM_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private TemplateFields() {}

    /** A standard field, or {@code customFields.<key>} with a key of letters, digits, '_' and '-'. Case-sensitive. */
    public static boolean isKnown(String field) {
        if (STANDARD.contains(field)) {
            return true;
        }
        return field.startsWith(CUSTOM_PREFIX)
                && CUSTOM_KEY.matcher(field.substring(CUSTOM_PREFIX.length())).matches();
    }

    /** The lead's values keyed by template field name; custom fields with keys a template cannot name are left out. */
    public static Map<String, String> valuesOf(Lead lead) {
        Map<String, String> values = new HashMap<>();
        values.put("firstName", lead.firstName());
        values.put("lastName", lead.lastName());
        values.put("fullName", (lead.firstName() + " " + lead.lastName()).strip());
        values.put("email", lead.email().map(EmailAddress::value).orElse(""));
        values.put("phone", lead.phone().map(E164Phone::value).orElse(""));
        values.put("companyName", lead.companyName());
        values.put("jobTitle", lead.jobTitle());
        lead.customFields().forEach((key, value) -> {
            if (CUSTOM_KEY.matcher(key).matches()) {
                values.put(CUSTOM_PREFIX + key, value);
            }
        });
        return Map.copyOf(values);
    }
}
