package ai.tuco.application.donotcontact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.donotcontact.port.in.DoNotContactUseCase.Added;
import ai.tuco.application.donotcontact.port.in.DoNotContactUseCase.DncPage;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.PageRequest;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.testing.CountingIds;
import ai.tuco.application.testing.FakeDoNotContact;
import ai.tuco.application.testing.FakePhoneNormalizer;
import ai.tuco.application.testing.InlineTransactions;
import ai.tuco.application.testing.RecordingAuditLog;
import ai.tuco.application.testing.TestData;
import ai.tuco.domain.lead.DoNotContact;
import ai.tuco.domain.shared.DoNotContactId;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DoNotContactServiceTest {
    static final WorkspaceId WS = new WorkspaceId("d00000000000000000000001");
    static final WorkspaceId OTHER_WS = new WorkspaceId("d00000000000000000000002");

    final FakeDoNotContact entries = new FakeDoNotContact();
    final RecordingAuditLog audit = new RecordingAuditLog();
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-08T10:00:00Z"));
    final DoNotContactService service = new DoNotContactService(entries, new FakePhoneNormalizer(), audit,
            new InlineTransactions(), new CountingIds(), clock);

    Added addPhone(WorkspaceId ws, String phone) {
        return service.add(TestData.member(ws), TestData.ACTOR, Optional.of(phone), Optional.empty(), Optional.of("asked"));
    }

    @Test
    void givenAPhoneAsTyped_add_listsItNormalised_andAddingItAgainAnswersTheExistingEntry() {
        Added first = addPhone(WS, "(202) 555-0601");

        assertThat(first.created()).isTrue();
        assertThat(first.entry().phone()).contains(new E164Phone("+12025550601"));
        assertThat(first.entry().reason()).isEqualTo("asked");
        assertThat(first.entry().workspaceId()).isEqualTo(WS);

        Added again = service.add(TestData.member(WS), TestData.ACTOR, Optional.of("+1 202 555 0601"), Optional.empty(),
                Optional.of("another reason"));
        assertThat(again.created()).isFalse();
        assertThat(again.entry()).isEqualTo(first.entry());
        assertThat(entries.entries()).hasSize(1);
        assertThat(audit.withAction("dnc.add")).singleElement().satisfies(a -> assertThat(a.targetId())
                .isEqualTo(first.entry().id().value()));
    }

    @Test
    void givenAnEmailInCapitals_add_listsItLowerCased_andOtherWorkspacesAreSeparate() {
        Added added = service.add(TestData.member(WS), TestData.ACTOR, Optional.empty(), Optional.of("Stop.Me@Example.com"),
                Optional.empty());
        Added elsewhere = service.add(TestData.member(OTHER_WS), TestData.ACTOR, Optional.empty(), Optional.of("stop.me@example.com"),
                Optional.empty());

        assertThat(added.entry().email()).contains(new EmailAddress("stop.me@example.com"));
        assertThat(elsewhere.created()).isTrue();
    }

    @Test
    void givenBrokenFields_add_reportsEveryOneAtOnceAndListsNothing() {
        assertThatThrownBy(() -> service.add(TestData.member(WS), TestData.ACTOR, Optional.of("555"), Optional.of("no@"),
                Optional.of("r".repeat(501)))).isInstanceOfSatisfying(UseCaseException.class, e ->
                assertThat(e.details()).containsExactly(
                        new FieldError("phone", "give exactly one of phone or email"),
                        new FieldError("phone", "phone is not a valid phone number"),
                        new FieldError("email", "email is not a valid email address"),
                        new FieldError("reason", "reason must be at most 500 characters")));
        assertThatThrownBy(() -> service.add(TestData.member(WS), TestData.ACTOR, Optional.empty(), Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(UseCaseException.class, e ->
                        assertThat(e.details()).extracting(FieldError::field).containsExactly("phone"));
        assertThat(entries.entries()).isEmpty();
        assertThat(audit.entries()).isEmpty();
    }

    @Test
    void givenUnknownOrForeignIds_remove_isNotFound_andOwnIdsAreRemovedOnce() {
        DoNotContact mine = addPhone(WS, "+12025550611").entry();
        DoNotContact theirs = addPhone(OTHER_WS, "+12025550612").entry();

        for (DoNotContactId id : List.of(theirs.id(), new DoNotContactId("ffffffffffffffffffffffff"))) {
            assertThatThrownBy(() -> service.remove(TestData.member(WS), TestData.ACTOR, id))
                    .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(UseCaseException.Kind.NOT_FOUND));
        }
        service.remove(TestData.member(WS), TestData.ACTOR, mine.id());

        assertThat(entries.entries()).containsExactly(theirs);
        assertThat(audit.withAction("dnc.remove")).singleElement().satisfies(a -> assertThat(a.targetId()).isEqualTo(mine.id().value()));
        assertThatThrownBy(() -> service.remove(TestData.member(WS), TestData.ACTOR, mine.id())).isInstanceOf(UseCaseException.class);
    }

    @Test
    void givenFiveEntries_list_pagesNewestFirstWithTotals_andSearchFilters() {
        List<DoNotContact> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(0, addPhone(WS, "+1202555062" + i).entry());
            clock.advance(Duration.ofSeconds(1));
        }
        addPhone(OTHER_WS, "+12025550629");

        List<DoNotContact> seen = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            DncPage result = service.list(TestData.member(WS), Optional.empty(), new PageRequest(page, 2));
            assertThat(result.totalCount()).isEqualTo(5);
            assertThat(result.totalPages()).isEqualTo(3);
            assertThat(result.page()).isEqualTo(page);
            seen.addAll(result.entries());
        }
        assertThat(seen).containsExactlyElementsOf(five);
        assertThat(service.list(TestData.member(WS), Optional.of("5550623"), PageRequest.first()).entries())
                .extracting(e -> e.phone().orElseThrow().value()).containsExactly("+12025550623");
    }

    @Test
    void givenAReadOnlyWorkspace_addAndRemove_areRefused() {
        DoNotContact mine = addPhone(WS, "+12025550631").entry();

        for (Runnable write : List.<Runnable>of(
                () -> service.add(TestData.readOnly(WS), TestData.ACTOR, Optional.of("+12025550632"), Optional.empty(), Optional.empty()),
                () -> service.remove(TestData.readOnly(WS), TestData.ACTOR, mine.id()))) {
            assertThatThrownBy(write::run).isInstanceOfSatisfying(UseCaseException.class, e ->
                    assertThat(e.kind()).isEqualTo(UseCaseException.Kind.READ_ONLY));
        }
        assertThat(entries.entries()).containsExactly(mine);
    }
}
