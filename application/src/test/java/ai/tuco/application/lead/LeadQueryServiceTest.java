package ai.tuco.application.lead;

import static ai.tuco.application.testing.TestData.NOW;
import static ai.tuco.application.testing.TestData.OTHER_WORKSPACE;
import static ai.tuco.application.testing.TestData.WORKSPACE;
import static ai.tuco.application.testing.TestData.lead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.lead.port.in.LeadQuery.LeadPage;
import ai.tuco.application.shared.port.in.PageRequest;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.testing.FakeLeads;
import ai.tuco.application.testing.TestData;
import ai.tuco.domain.lead.Lead;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeadQueryServiceTest {
    final FakeLeads leads = new FakeLeads();
    final LeadQueryService service = new LeadQueryService(leads);

    @Test
    void givenALeadOfAnotherWorkspace_get_isNotFound() {
        Lead theirs = leads.add(lead(1, OTHER_WORKSPACE, "+12025550201", null));

        assertThatThrownBy(() -> service.get(TestData.member(WORKSPACE), theirs.id()))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(UseCaseException.Kind.NOT_FOUND));
        assertThat(service.get(TestData.member(OTHER_WORKSPACE), theirs.id())).isEqualTo(theirs);
    }

    @Test
    void givenADeletedLead_get_isNotFound() {
        Lead gone = leads.add(lead(1, WORKSPACE, "+12025550202", null));
        leads.delete(WORKSPACE, List.of(gone.id()), NOW);

        assertThatThrownBy(() -> service.get(TestData.member(WORKSPACE), gone.id())).isInstanceOf(UseCaseException.class);
    }

    @Test
    void givenFiveLeads_search_pagesNewestFirstWithTotals() {
        List<Lead> five = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            five.add(leads.add(lead(i, WORKSPACE, "+1202555021" + i, null)));
        }
        leads.add(lead(9, OTHER_WORKSPACE, "+12025550219", null));

        List<Lead> seen = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            LeadPage result = service.search(TestData.member(WORKSPACE), Optional.empty(), Optional.empty(), new PageRequest(page, 2));
            assertThat(result.page()).isEqualTo(page);
            assertThat(result.limit()).isEqualTo(2);
            assertThat(result.totalCount()).isEqualTo(5);
            assertThat(result.totalPages()).isEqualTo(3);
            seen.addAll(result.leads());
        }
        Collections.reverse(five);
        assertThat(seen).containsExactlyElementsOf(five);
        LeadPage beyond = service.search(TestData.member(WORKSPACE), Optional.empty(), Optional.empty(), new PageRequest(4, 2));
        assertThat(beyond.leads()).isEmpty();
        assertThat(beyond.totalCount()).isEqualTo(5);
    }

    @Test
    void givenSearchTextAndAList_search_passesBothToTheRepository() {
        Lead a = leads.add(lead(1, WORKSPACE, "+12025550221", "ada@example.com"));
        leads.add(lead(2, WORKSPACE, "+12025550222", "bob@example.com"));

        LeadPage result = service.search(TestData.member(WORKSPACE), Optional.of("ADA"), Optional.empty(), PageRequest.first());

        assertThat(result.leads()).containsExactly(a);
        assertThat(result.totalCount()).isEqualTo(1);
        assertThat(service.search(TestData.member(WORKSPACE), Optional.empty(), Optional.of("L"), PageRequest.first()).leads()).isEmpty();
    }
}
