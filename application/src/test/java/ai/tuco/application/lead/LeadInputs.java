package ai.tuco.application.lead;

import ai.tuco.application.lead.port.in.LeadInput;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lead fields as a client would send them. */
final class LeadInputs {
    private LeadInputs() {}

    /** Input builder: every field absent until set. */
    static final class In {
        Optional<String> firstName = Optional.empty();
        Optional<String> lastName = Optional.empty();
        Optional<String> email = Optional.empty();
        Optional<String> phone = Optional.empty();
        Optional<String> companyName = Optional.empty();
        Optional<String> notes = Optional.empty();
        Optional<Map<String, String>> customFields = Optional.empty();
        List<Optional<String>> altPhones = List.of();
        List<Optional<String>> altEmails = List.of();
        Optional<String> listId = Optional.empty();

        In firstName(String v) {
            firstName = Optional.of(v);
            return this;
        }

        In lastName(String v) {
            lastName = Optional.of(v);
            return this;
        }

        In phone(String v) {
            phone = Optional.of(v);
            return this;
        }

        In email(String v) {
            email = Optional.of(v);
            return this;
        }

        In companyName(String v) {
            companyName = Optional.of(v);
            return this;
        }

        In notes(String v) {
            notes = Optional.of(v);
            return this;
        }

        In customFields(Map<String, String> v) {
            customFields = Optional.of(v);
            return this;
        }

        In altPhones(List<Optional<String>> v) {
            altPhones = v;
            return this;
        }

        In altEmails(List<Optional<String>> v) {
            altEmails = v;
            return this;
        }

        In listId(String v) {
            listId = Optional.of(v);
            return this;
        }

        LeadInput build() {
            return new LeadInput(firstName, lastName, email, phone, companyName, Optional.empty(), notes, customFields,
                    altPhones, altEmails, listId);
        }
    }

    static In in() {
        return new In();
    }
}
