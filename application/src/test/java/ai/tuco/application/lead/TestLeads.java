package ai.tuco.application.lead;

import ai.tuco.application.lead.port.in.LeadInput;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Workspaces, stored leads and client inputs for the lead tests. */
final class TestLeads {
    static final WorkspaceId WS = new WorkspaceId("a00000000000000000000001");
    static final WorkspaceId OTHER_WS = new WorkspaceId("a00000000000000000000002");
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private TestLeads() {}

    static LeadId id(int n) {
        return new LeadId(String.format("b%023x", n));
    }

    /** A stored lead with only a name and the given primary phone and email (either may be null). */
    static Lead lead(int n, WorkspaceId ws, String phone, String email) {
        return lead(n, ws, phone, email, List.of(), List.of());
    }

    static Lead lead(int n, WorkspaceId ws, String phone, String email, List<String> altPhones, List<String> altEmails) {
        return new Lead(id(n), ws, "Lead", String.valueOf(n), Optional.ofNullable(phone).map(E164Phone::new),
                Optional.ofNullable(email).map(EmailAddress::new), altPhones.stream().map(E164Phone::new).toList(),
                altEmails.stream().map(EmailAddress::new).toList(), "Co", "", "", Map.of(), Optional.empty(), "api",
                T0.plusSeconds(n), T0.plusSeconds(n));
    }

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
