package ai.tuco.application.lead;

import static ai.tuco.application.lead.TestLeads.OTHER_WS;
import static ai.tuco.application.lead.TestLeads.WS;
import static ai.tuco.application.lead.TestLeads.lead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.lead.port.in.CheckAvailabilityUseCase.Checked;
import ai.tuco.application.shared.Callers;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.lead.Availability;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.LineCaps;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvailabilityServiceTest {
    final InMemoryLeads leads = new InMemoryLeads();
    final FakeLines lines = new FakeLines();
    final FakeIMessageProvider provider = new FakeIMessageProvider();
    final ExecutorService pool = Executors.newCachedThreadPool();
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-07T15:00:00Z"));
    final AvailabilityService service = new AvailabilityService(leads, lines, Map.of(Provider.SANDBOX, provider), pool,
            Duration.ofSeconds(5), clock);
    final Lead lead = leads.put(lead(1, WS, "+12025550501", "one@example.com", List.of("+12025550502"), List.of("alt@example.com")));

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    static Line line(int n, Set<Channel> channels, boolean active) {
        return new Line(new LineId(String.format("c%023x", n)), WS, "line " + n, Optional.empty(), Optional.empty(), "", "",
                active, channels, Provider.SANDBOX, Optional.empty(), 0, LineCaps.DEFAULTS, TestLeads.T0, TestLeads.T0);
    }

    Optional<Availability> recorded() {
        return leads.findById(WS, lead.id()).orElseThrow().availability();
    }

    @Test
    void givenNoActiveIMessageLine_check_answersErrorWithoutAskingAndRecordsIt() {
        lines.lines.add(line(1, Set.of(Channel.SMS), true));
        lines.lines.add(line(2, Set.of(Channel.IMESSAGE), false));

        Checked checked = service.check(Callers.member(WS), lead.id());

        assertThat(checked.status()).isEqualTo(Availability.ERROR);
        assertThat(checked.available()).isFalse();
        assertThat(provider.asked).isEmpty();
        assertThat(recorded()).contains(Availability.ERROR);
    }

    @Test
    void givenAnIMessageLine_check_asksTheAddressesInMessageOrderUntilOneTakesIMessage_andRecordsAvailable() {
        lines.lines.add(line(1, Set.of(Channel.IMESSAGE, Channel.SMS), true));
        provider.available = Set.of("one@example.com");

        Checked checked = service.check(Callers.member(WS), lead.id());

        assertThat(checked.status()).isEqualTo(Availability.AVAILABLE);
        assertThat(checked.leadId()).isEqualTo(lead.id());
        assertThat(provider.asked).containsExactly("+12025550501", "+12025550502", "one@example.com");
        assertThat(recorded()).contains(Availability.AVAILABLE);
    }

    @Test
    void givenNoAddressTakesIMessage_check_recordsUnavailable() {
        lines.lines.add(line(1, Set.of(Channel.IMESSAGE), true));

        assertThat(service.check(Callers.member(WS), lead.id()).status()).isEqualTo(Availability.UNAVAILABLE);
        assertThat(provider.asked).hasSize(4);
        assertThat(recorded()).contains(Availability.UNAVAILABLE);
    }

    @Test
    void givenTheProviderFails_check_recordsError() {
        lines.lines.add(line(1, Set.of(Channel.IMESSAGE), true));
        provider.failing = true;

        assertThat(service.check(Callers.member(WS), lead.id()).status()).isEqualTo(Availability.ERROR);
        assertThat(recorded()).contains(Availability.ERROR);
    }

    @Test
    void givenALeadOfAnotherWorkspace_check_isNotFoundAndAsksNobody() {
        lines.lines.add(line(1, Set.of(Channel.IMESSAGE), true));

        assertThatThrownBy(() -> service.check(Callers.member(OTHER_WS), lead.id()))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(UseCaseException.Kind.NOT_FOUND));
        assertThat(provider.asked).isEmpty();
        assertThat(recorded()).isEmpty();
    }
}
