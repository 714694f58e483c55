package ai.tuco.application.lead;

import static ai.tuco.application.lead.LeadInputs.in;
import static ai.tuco.application.testing.TestData.OTHER_WORKSPACE;
import static ai.tuco.application.testing.TestData.WORKSPACE;
import static ai.tuco.application.testing.TestData.lead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.lead.port.in.ImportLeadsUseCase.EntryError;
import ai.tuco.application.lead.port.in.ImportLeadsUseCase.ImportLeadsCommand;
import ai.tuco.application.lead.port.in.ImportLeadsUseCase.ImportResult;
import ai.tuco.application.lead.port.in.LeadInput;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.testing.CountingIds;
import ai.tuco.application.testing.FakeLeads;
import ai.tuco.application.testing.FakePhoneNormalizer;
import ai.tuco.application.testing.InlineTransactions;
import ai.tuco.application.testing.RecordingAuditLog;
import ai.tuco.application.testing.TestData;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImportLeadsServiceTest {
    final FakeLeads leads = new FakeLeads();
    final RecordingAuditLog audit = new RecordingAuditLog();
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00.123456Z"));
    final ImportLeadsService service = new ImportLeadsService(leads, new FakePhoneNormalizer(), audit, new InlineTransactions(),
            new CountingIds(), clock);

    ImportResult importing(Caller caller, List<LeadInput> inputs) {
        return service.importLeads(new ImportLeadsCommand(caller, TestData.ACTOR, inputs, Optional.empty(), Optional.empty(),
                Optional.empty()));
    }

    ImportResult importing(LeadInput... inputs) {
        return importing(TestData.member(WORKSPACE), List.of(inputs));
    }

    Lead stored(LeadId id) {
        return leads.findById(WORKSPACE, id).orElseThrow();
    }

    @Test
    void givenValidEntries_import_savesEachNormalisedWithTheCallsListAndSourceApi() {
        ImportResult result = service.importLeads(new ImportLeadsCommand(TestData.member(WORKSPACE), TestData.ACTOR, List.of(
                in().firstName("  Ada ").phone("(202) 555-0101").email("Ada@Example.COM")
                        .altPhones(List.of(Optional.empty(), Optional.of("202 555 0102"))).build(),
                in().email("b@example.com").listId("own list").build()), Optional.of("L1"), Optional.of("  "), Optional.empty()));

        assertThat(result.leadIds()).hasSize(2);
        assertThat(result.existingLeadIds()).isEmpty();
        assertThat(result.totalProcessed()).isEqualTo(2);
        assertThat(result.errors()).isEmpty();
        Lead ada = stored(result.leadIds().get(0));
        assertThat(ada.firstName()).isEqualTo("Ada");
        assertThat(ada.phone()).contains(new E164Phone("+12025550101"));
        assertThat(ada.email()).contains(new EmailAddress("ada@example.com"));
        assertThat(ada.altPhones()).containsExactly(new E164Phone("+12025550102"));
        assertThat(ada.listId()).contains("L1");
        assertThat(ada.source()).isEqualTo("api");
        assertThat(ada.createdAt()).isEqualTo(Instant.parse("2026-03-02T09:00:00.123Z"));
        assertThat(stored(result.leadIds().get(1)).listId()).contains("own list");
    }

    @Test
    void givenTheSameAddressTwiceInOneCall_import_createsOneLeadAndReportsTheSecondAsExisting() {
        ImportResult result = importing(in().phone("+12025550111").build(), in().firstName("again").phone("202-555-0111").build(),
                in().email("x@example.com").altPhones(List.of(Optional.of("+12025550111"))).build());

        assertThat(result.leadIds()).hasSize(1);
        assertThat(result.existingLeadIds()).containsExactly(result.leadIds().get(0), result.leadIds().get(0));
        assertThat(result.duplicateCount()).isEqualTo(2);
        assertThat(leads.all()).hasSize(1);
    }

    @Test
    void givenLeadsOfTheWorkspaceAndOfAnother_import_matchesOnlyTheWorkspacesByPrimaryOrAlternateAddress() {
        Lead byPhone = leads.add(lead(1, WORKSPACE, "+12025550121", null));
        Lead byAlternate = leads.add(lead(2, WORKSPACE, null, "c@example.com", List.of(), List.of("alt@example.com")));
        leads.add(lead(3, OTHER_WORKSPACE, "+12025550123", null));

        ImportResult result = importing(in().phone("+12025550121").build(), in().email("ALT@example.com").build(),
                in().phone("+12025550123").build());

        assertThat(result.existingLeadIds()).containsExactly(byPhone.id(), byAlternate.id());
        assertThat(result.leadIds()).singleElement().satisfies(id -> assertThat(stored(id).phone())
                .contains(new E164Phone("+12025550123")));
    }

    @Test
    void givenInvalidEntries_import_reportsEachByIndexAndFieldWhileTheValidOnesAreSaved() {
        ImportResult result = importing(
                in().firstName("ok 0").phone("+12025550131").build(),
                in().phone("not a phone").build(),
                in().email("nobody@").build(),
                in().firstName("no address at all").build(),
                in().firstName("x".repeat(501)).email("long@example.com").build(),
                in().phone("12").email("bad@").altPhones(List.of(Optional.of("x"))).customFields(Map.of("", "v")).build(),
                in().firstName("ok 6").email("ok6@example.com").build());

        assertThat(result.leadIds()).hasSize(2);
        assertThat(result.totalProcessed()).isEqualTo(7);
        assertThat(result.errors()).containsExactly(
                new EntryError(1, "leads[1].phone", "phone is not a valid phone number"),
                new EntryError(2, "leads[2].email", "email is not a valid email address"),
                new EntryError(3, "leads[3].phone", "a lead needs a phone or an email"),
                new EntryError(4, "leads[4].firstName", "firstName must be at most 500 characters"),
                new EntryError(5, "leads[5].phone", "phone is not a valid phone number"),
                new EntryError(5, "leads[5].email", "email is not a valid email address"),
                new EntryError(5, "leads[5].altPhone1", "altPhone1 is not a valid phone number"),
                new EntryError(5, "leads[5].customFields", "customFields keys must be 1 to 100 characters"));
        assertThat(leads.all()).extracting(Lead::firstName).containsExactly("ok 0", "ok 6");
        assertThat(audit.withAction("lead.import")).singleElement().satisfies(a -> assertThat(a.detail())
                .containsEntry("created", "2").containsEntry("duplicates", "0").containsEntry("invalid", "8"));
    }

    @Test
    void givenOnlyInvalidEntries_import_savesNothingAndWritesNoAuditRow() {
        ImportResult result = importing(in().phone("12").build(), in().email("x@y").build());

        assertThat(result.leadIds()).isEmpty();
        assertThat(result.errors()).extracting(EntryError::field).containsExactly("leads[0].phone", "leads[1].email");
        assertThat(leads.all()).isEmpty();
        assertThat(audit.entries()).isEmpty();
    }

    @Test
    void givenMoreThan1000Entries_import_isRefusedNamingLeads_and1000AreSaved() {
        List<LeadInput> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(in().phone(String.format("+1312555%04d", i)).build());
        }
        assertThatThrownBy(() -> importing(TestData.member(WORKSPACE), many)).isInstanceOfSatisfying(UseCaseException.class, e ->
                assertThat(e.details()).containsExactly(new FieldError("leads", "leads must hold 1 to 1000 entries")));
        assertThatThrownBy(() -> importing(TestData.member(WORKSPACE), List.of())).isInstanceOf(UseCaseException.class);
        assertThat(leads.all()).isEmpty();

        assertThat(importing(TestData.member(WORKSPACE), many.subList(0, 1000)).leadIds()).hasSize(1000);
    }

    @Test
    void givenADefaultCountryCode_import_readsNumbersWithoutOneInItsRegion_andRefusesAnUnknownCode() {
        ImportResult result = service.importLeads(new ImportLeadsCommand(TestData.member(WORKSPACE), TestData.ACTOR,
                List.of(in().phone("020 7946 0018").build()), Optional.empty(), Optional.empty(), Optional.of("+44")));
        assertThat(stored(result.leadIds().get(0)).phone()).contains(new E164Phone("+442079460018"));

        assertThatThrownBy(() -> service.importLeads(new ImportLeadsCommand(TestData.member(WORKSPACE), TestData.ACTOR,
                List.of(in().phone("+12025550141").build()), Optional.empty(), Optional.empty(), Optional.of("+999"))))
                .isInstanceOfSatisfying(UseCaseException.class, e ->
                        assertThat(e.details()).extracting(FieldError::field).containsExactly("defaultCountryCode"));
    }

    @Test
    void givenAConcurrentCallCreatedTheLeadFirst_import_reportsThatLeadAsExisting() {
        Lead winner = lead(9, WORKSPACE, "+12025550151", null);
        leads.beforeNextInsertAll(() -> leads.add(winner));

        ImportResult result = importing(in().phone("+12025550151").build(), in().phone("+12025550151").build(),
                in().phone("+12025550152").build());

        assertThat(result.leadIds()).singleElement().satisfies(id -> assertThat(stored(id).phone())
                .contains(new E164Phone("+12025550152")));
        assertThat(result.existingLeadIds()).containsExactly(winner.id(), winner.id());
    }

    @Test
    void givenAReadOnlyWorkspace_import_isRefusedAndSavesNothing() {
        assertThatThrownBy(() -> importing(TestData.readOnly(WORKSPACE), List.of(in().phone("+12025550161").build())))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(UseCaseException.Kind.READ_ONLY));
        assertThat(leads.all()).isEmpty();
    }
}
