package ai.tuco.application.lead;

import static ai.tuco.application.lead.TestLeads.OTHER_WS;
import static ai.tuco.application.lead.TestLeads.WS;
import static ai.tuco.application.lead.TestLeads.lead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.lead.port.in.LeadQuery.LeadPage;
import ai.tuco.application.shared.Callers;
import ai.tuco.application.shared.port.in.PageRequest;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.lead.Lead;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeadQueryServiceTest {
    final InMemoryLeads leads = new InMemoryLeads();
    final LeadQueryService service = new LeadQueryService(leads);

    @Test
    void givenALeadOfAnotherWorkspace_get_isNotFound() {
        Lead theirs = leads.put(lead(1, OTHER_WS, "+12025550201", null));

        assertThatThrownBy(() -> service.get(Callers.member(WS), theirs.id()))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(UseCaseException.Kind.NOT_FOUND));
        assertThat(service.get(Callers.member(OTHER_WS), theirs.id())).isEqualTo(theirs);
    }

    @Test
    void givenADeletedLead_get_isNotFound() {
        Lead gone = leads.put(lead(1, WS, "+12025550202", null));
        leads.deletedAt.put(gone.id(), TestLeads.T0);

        assertThatThrownBy(() -> service.get(Callers.member(WS), gone.id())).isInstanceOf(UseCaseException.class);
    }

    @Test
    void givenFiveLeads_search_pagesNewestFirstWithTotals() {
        List<Lead> five = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            five.add(leads.put(lead(i, WS, "+1202555021" + i, null)));
        }
        leads.put(lead(9, OTHER_WS, "+12025550219", null));

        List<Lead> seen = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            LeadPage result = service.search(Callers.member(WS), Optional.empty(), Optional.empty(), new PageRequest(page, 2));
            assertThat(result.page()).isEqualTo(page);
            assertThat(result.limit()).isEqualTo(2);
            assertThat(result.totalCount()).isEqualTo(5);
            assertThat(result.totalPages()).isEqualTo(3);
            seen.addAll(result.leads());
        }
        Collections.reverse(five);
        assertThat(seen).containsExactlyElementsOf(five);
        LeadPage beyond = service.search(Callers.member(WS), Optional.empty(), Optional.empty(), new PageRequest(4, 2));
        assertThat(beyond.leads()).isEmpty();
        assertThat(beyond.totalCount()).isEqualTo(5);
    }

    @Test
    void givenSearchTextAndAList_search_passesBothToTheRepository() {
        Lead a = leads.put(lead(1, WS, "+12025550221", "ada@example.com"));
        leads.put(lead(2, WS, "+12025550222", "bob@example.com"));

        LeadPage result = service.search(Callers.member(WS), Optional.of("ADA"), Optional.empty(), PageRequest.first());

        assertThat(result.leads()).containsExactly(a);
        assertThat(result.totalCount()).isEqualTo(1);
        assertThat(service.search(Callers.member(WS), Optional.empty(), Optional.of("L"), PageRequest.first()).leads()).isEmpty();
    }
}
