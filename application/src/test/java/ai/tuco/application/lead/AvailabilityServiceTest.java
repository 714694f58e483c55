package ai.tuco.application.lead;

import static ai.tuco.application.testing.TestData.OTHER_WORKSPACE;
import static ai.tuco.application.testing.TestData.WORKSPACE;
import static ai.tuco.application.testing.TestData.lead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.lead.port.in.CheckAvailabilityUseCase.Checked;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.testing.FakeLineContexts;
import ai.tuco.application.testing.FakeProvider;
import ai.tuco.application.testing.FakeProviders;
import ai.tuco.application.testing.FakeLeads;
import ai.tuco.application.testing.FakeLines;
import ai.tuco.application.testing.TestData;
import ai.tuco.domain.lead.Availability;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.Channel;
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
    final FakeLeads leads = new FakeLeads();
    final FakeLines lines = new FakeLines();
    final FakeProvider provider = new FakeProvider();
    final ExecutorService pool = Executors.newCachedThreadPool();
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-07T15:00:00Z"));
    final AvailabilityService service = new AvailabilityService(leads, lines, FakeProviders.standard(provider), new FakeLineContexts(lines), pool,
            Duration.ofSeconds(5), clock);
    final Lead lead = leads.add(lead(1, WORKSPACE, "+12025550501", "one@example.com", List.of("+12025550502"), List.of("alt@example.com")));

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    static Line line(int n, Set<Channel> channels, boolean active) {
        Line line = TestData.line(WORKSPACE, String.format("c%023x", n), channels.toArray(Channel[]::new));
        return active ? line : TestData.inactive(line);
    }

    Optional<Availability> recorded() {
        return leads.findById(WORKSPACE, lead.id()).orElseThrow().availability();
    }

    @Test
    void givenNoActiveIMessageLine_check_answersErrorWithoutAskingAndRecordsIt() {
        lines.add(line(1, Set.of(Channel.SMS), true));
        lines.add(line(2, Set.of(Channel.IMESSAGE), false));

        Checked checked = service.check(TestData.member(WORKSPACE), lead.id());

        assertThat(checked.status()).isEqualTo(Availability.ERROR);
        assertThat(checked.available()).isFalse();
        assertThat(provider.availabilityAsked()).isEmpty();
        assertThat(recorded()).contains(Availability.ERROR);
    }

    @Test
    void givenAnIMessageLine_check_asksTheAddressesInMessageOrderUntilOneTakesIMessage_andRecordsAvailable() {
        lines.add(line(1, Set.of(Channel.IMESSAGE, Channel.SMS), true));
        provider.takesIMessage("one@example.com");

        Checked checked = service.check(TestData.member(WORKSPACE), lead.id());

        assertThat(checked.status()).isEqualTo(Availability.AVAILABLE);
        assertThat(checked.leadId()).isEqualTo(lead.id());
        assertThat(provider.availabilityAsked()).containsExactly("+12025550501", "+12025550502", "one@example.com");
        assertThat(recorded()).contains(Availability.AVAILABLE);
    }

    @Test
    void givenNoAddressTakesIMessage_check_recordsUnavailable() {
        lines.add(line(1, Set.of(Channel.IMESSAGE), true));

        assertThat(service.check(TestData.member(WORKSPACE), lead.id()).status()).isEqualTo(Availability.UNAVAILABLE);
        assertThat(provider.availabilityAsked()).hasSize(4);
        assertThat(recorded()).contains(Availability.UNAVAILABLE);
    }

    @Test
    void givenTheProviderFails_check_recordsError() {
        lines.add(line(1, Set.of(Channel.IMESSAGE), true));
        provider.failsAvailabilityChecks();

        assertThat(service.check(TestData.member(WORKSPACE), lead.id()).status()).isEqualTo(Availability.ERROR);
        assertThat(recorded()).contains(Availability.ERROR);
    }

    @Test
    void givenALeadOfAnotherWorkspace_check_isNotFoundAndAsksNobody() {
        lines.add(line(1, Set.of(Channel.IMESSAGE), true));

        assertThatThrownBy(() -> service.check(TestData.member(OTHER_WORKSPACE), lead.id()))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(UseCaseException.Kind.NOT_FOUND));
        assertThat(provider.availabilityAsked()).isEmpty();
        assertThat(recorded()).isEmpty();
    }
}
