package ai.tuco.application.lead;

import static ai.tuco.application.lead.LeadInputs.in;
import static ai.tuco.application.testing.TestData.OTHER_WORKSPACE;
import static ai.tuco.application.testing.TestData.WORKSPACE;
import static ai.tuco.application.testing.TestData.lead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.lead.port.in.LeadChanges;
import ai.tuco.application.lead.port.in.LeadInput;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.testing.FakeLeads;
import ai.tuco.application.testing.FakePhoneNormalizer;
import ai.tuco.application.testing.InlineTransactions;
import ai.tuco.application.testing.RecordingAuditLog;
import ai.tuco.application.testing.TestData;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpdateLeadServiceTest {
    final FakeLeads leads = new FakeLeads();
    final RecordingAuditLog audit = new RecordingAuditLog();
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-05T12:00:00Z"));
    final UpdateLeadService service = new UpdateLeadService(leads, new FakePhoneNormalizer(), audit, new InlineTransactions(), clock);

    Lead updating(Lead lead, LeadInput input) {
        return service.update(TestData.member(lead.workspaceId()), TestData.ACTOR, lead.id(),
                service.check(TestData.member(lead.workspaceId()), input));
    }

    static UseCaseException.Kind kindOf(Throwable e) {
        return ((UseCaseException) e).kind();
    }

    @Test
    void givenChanges_update_normalisesTheGivenFieldsAndKeepsTheOthers() {
        Lead before = leads.add(lead(1, WORKSPACE, "+12025550301", null));

        Lead after = updating(before, in().firstName(" New ").phone("(202) 555-0302").email("New@Example.COM")
                .altEmails(List.of(Optional.empty(), Optional.of("Two@Example.com"))).customFields(Map.of("b", "2")).build());

        assertThat(after.firstName()).isEqualTo("New");
        assertThat(after.lastName()).isEqualTo(before.lastName());
        assertThat(after.companyName()).isEqualTo("Co");
        assertThat(after.phone()).contains(new E164Phone("+12025550302"));
        assertThat(after.email()).contains(new EmailAddress("new@example.com"));
        assertThat(after.altEmails()).containsExactly(new EmailAddress("two@example.com"));
        assertThat(after.customFields()).isEqualTo(Map.of("b", "2"));
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
        assertThat(after.updatedAt()).isEqualTo(clock.instant());
        assertThat(leads.findById(WORKSPACE, before.id())).contains(after);
        assertThat(audit.withAction("lead.update")).singleElement().satisfies(a -> assertThat(a.targetId()).isEqualTo(before.id().value()));
    }

    @Test
    void givenAnEmptyString_update_clearsThatField() {
        Lead before = leads.add(lead(1, WORKSPACE, "+12025550311", "a@example.com"));

        Lead after = updating(before, in().email("").companyName("").listId(" ").build());

        assertThat(after.email()).isEmpty();
        assertThat(after.companyName()).isEmpty();
        assertThat(after.listId()).isEmpty();
        assertThat(after.phone()).isEqualTo(before.phone());
    }

    @Test
    void givenInvalidValues_check_namesEachBrokenFieldOnce() {
        LeadInput bad = in().phone("12").email("no@").altPhones(List.of(Optional.of("x"))).notes("n".repeat(10_001))
                .customFields(Map.of("k", "v".repeat(10_001))).build();

        assertThatThrownBy(() -> service.check(TestData.member(WORKSPACE), bad)).isInstanceOfSatisfying(UseCaseException.class, e ->
                assertThat(e.details()).containsExactly(
                        new FieldError("notes", "notes must be at most 10000 characters"),
                        new FieldError("phone", "phone is not a valid phone number"),
                        new FieldError("email", "email is not a valid email address"),
                        new FieldError("altPhone1", "altPhone1 is not a valid phone number"),
                        new FieldError("customFields", "customFields values must be at most 10000 characters")));
    }

    @Test
    void givenAnotherLeadsPhone_update_isRefusedNamingPhoneAndChangesNothing() {
        Lead mine = leads.add(lead(1, WORKSPACE, "+12025550321", null));
        leads.add(lead(2, WORKSPACE, "+12025550322", "b@example.com"));

        assertThatThrownBy(() -> updating(mine, in().firstName("changed").phone("202 555 0322").build()))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.details()).containsExactly(
                        new FieldError("phone", "another lead of this workspace already has this phone or email")));
        assertThatThrownBy(() -> updating(mine, in().email("B@example.com").build()))
                .isInstanceOfSatisfying(UseCaseException.class, e ->
                        assertThat(e.details()).extracting(FieldError::field).containsExactly("email"));
        assertThat(leads.findById(WORKSPACE, mine.id())).contains(mine);
        assertThat(audit.entries()).isEmpty();
    }

    @Test
    void givenTheLeadsOnlyAddressCleared_update_isRefused() {
        Lead mine = leads.add(lead(1, WORKSPACE, "+12025550331", null));

        assertThatThrownBy(() -> updating(mine, in().phone("").build())).isInstanceOfSatisfying(UseCaseException.class, e ->
                assertThat(e.details()).containsExactly(new FieldError("phone", "a lead needs a phone or an email")));
        assertThat(leads.findById(WORKSPACE, mine.id())).contains(mine);
    }

    @Test
    void givenALeadOfAnotherWorkspace_update_isNotFoundAndChangesNothing() {
        Lead theirs = leads.add(lead(1, OTHER_WORKSPACE, "+12025550341", null));
        LeadChanges changes = service.check(TestData.member(WORKSPACE), in().firstName("mine now").build());

        assertThatThrownBy(() -> service.update(TestData.member(WORKSPACE), TestData.ACTOR, theirs.id(), changes))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(UseCaseException.Kind.NOT_FOUND));
        assertThat(leads.findById(OTHER_WORKSPACE, theirs.id())).contains(theirs);
    }

    @Test
    void givenAReadOnlyWorkspace_check_isRefused() {
        assertThatThrownBy(() -> service.check(TestData.readOnly(WORKSPACE), in().firstName("x").build()))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(UseCaseException.Kind.READ_ONLY));
    }
}
