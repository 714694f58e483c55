package ai.tuco.application.lead;

import static ai.tuco.application.testing.TestData.OTHER_WORKSPACE;
import static ai.tuco.application.testing.TestData.WORKSPACE;
import static ai.tuco.application.testing.TestData.lead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.testing.FakeLeads;
import ai.tuco.application.testing.InlineTransactions;
import ai.tuco.application.testing.RecordingAuditLog;
import ai.tuco.application.testing.RecordingWaitingMessages;
import ai.tuco.application.testing.TestData;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeleteLeadsServiceTest {
    final FakeLeads leads = new FakeLeads();
    final RecordingWaitingMessages waiting = new RecordingWaitingMessages();
    final RecordingAuditLog audit = new RecordingAuditLog();
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-06T08:00:00Z"));
    final DeleteLeadsService service = new DeleteLeadsService(leads, waiting, audit, new InlineTransactions(), clock);

    @Test
    void givenOwnForeignAndUnknownIds_delete_deletesOnlyOwnAndCancelsTheirWaitingMessagesThroughThePort() {
        Lead a = leads.add(lead(1, WORKSPACE, "+12025550401", null));
        Lead b = leads.add(lead(2, WORKSPACE, "+12025550402", null));
        Lead kept = leads.add(lead(3, WORKSPACE, "+12025550403", null));
        Lead theirs = leads.add(lead(4, OTHER_WORKSPACE, "+12025550404", null));

        int deleted = service.delete(TestData.member(WORKSPACE), TestData.ACTOR, List.of(a.id(), theirs.id(), TestData.leadId(99), b.id(), a.id()));

        assertThat(deleted).isEqualTo(2);
        assertThat(leads.findById(WORKSPACE, a.id())).isEmpty();
        assertThat(leads.findById(WORKSPACE, b.id())).isEmpty();
        assertThat(leads.findById(WORKSPACE, kept.id())).isPresent();
        assertThat(leads.findById(OTHER_WORKSPACE, theirs.id())).isPresent();
        assertThat(waiting.calls()).singleElement().isEqualTo(new RecordingWaitingMessages.Call(WORKSPACE, List.of(a.id(), b.id()),
                "LEAD_DELETED", "The lead was deleted", clock.instant()));
        assertThat(audit.withAction("lead.delete")).extracting(e -> e.targetId()).containsExactly(a.id().value(), b.id().value());
        assertThat(audit.withAction("message.cancel_for_deleted_leads")).singleElement()
                .satisfies(e -> assertThat(e.detail()).containsEntry("cancelled", "2"));
    }

    @Test
    void givenOnlyForeignIds_delete_deletesNothingAndCancelsNothing() {
        Lead theirs = leads.add(lead(1, OTHER_WORKSPACE, "+12025550411", null));

        assertThat(service.delete(TestData.member(WORKSPACE), TestData.ACTOR, List.of(theirs.id()))).isZero();
        assertThat(service.delete(TestData.member(WORKSPACE), TestData.ACTOR, List.of())).isZero();
        assertThat(waiting.calls()).isEmpty();
        assertThat(audit.entries()).isEmpty();
    }

    @Test
    void givenMoreThan1000Ids_delete_isRefusedNamingIds() {
        List<LeadId> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(TestData.leadId(i));
        }
        assertThatThrownBy(() -> service.delete(TestData.member(WORKSPACE), TestData.ACTOR, many))
                .isInstanceOfSatisfying(UseCaseException.class, e ->
                        assertThat(e.details()).containsExactly(new FieldError("ids", "ids must hold at most 1000 entries")));
    }

    @Test
    void givenAReadOnlyWorkspace_delete_isRefusedAndKeepsTheLead() {
        Lead a = leads.add(lead(1, WORKSPACE, "+12025550421", null));

        assertThatThrownBy(() -> service.delete(TestData.readOnly(WORKSPACE), TestData.ACTOR, List.of(a.id())))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(UseCaseException.Kind.READ_ONLY));
        assertThat(leads.findById(WORKSPACE, a.id())).isPresent();
    }
}
