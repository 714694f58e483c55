package ai.tuco.application.dispatch;

import static ai.tuco.application.testing.TestData.NOW;

import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Claim;
import ai.tuco.application.message.FallbackSms;
import ai.tuco.application.provider.port.out.ProviderCalls;
import ai.tuco.application.testing.CountingIds;
import ai.tuco.application.testing.FakeDispatchQueue;
import ai.tuco.application.testing.FakeDoNotContact;
import ai.tuco.application.testing.FakeLeads;
import ai.tuco.application.testing.FakeLineContexts;
import ai.tuco.application.testing.FakeLineHealth;
import ai.tuco.application.testing.FakeProvider;
import ai.tuco.application.testing.FakeProviders;
import ai.tuco.application.testing.FakeLineGate;
import ai.tuco.application.testing.FakeLines;
import ai.tuco.application.testing.InMemoryMessages;
import ai.tuco.application.testing.InlineTransactions;
import ai.tuco.domain.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The dispatch steps wired to in-memory fakes; jitter is 1.0, so a backoff is exactly base * 2^(n-1). */
final class DispatchFixture implements AutoCloseable {
    static final String OWNER = "node-test/d0";

    final MutableClock clock = new MutableClock(NOW);
    final InlineTransactions tx = new InlineTransactions();
    final InMemoryMessages messages = new InMemoryMessages();
    final FakeDispatchQueue queue = new FakeDispatchQueue(messages);
    final FakeLineGate gate = new FakeLineGate();
    final FakeLeads leads = new FakeLeads();
    final FakeLines lines = new FakeLines();
    final FakeDoNotContact dnc = new FakeDoNotContact();
    final FakeProvider sender = new FakeProvider();
    final FakeLineContexts contexts = new FakeLineContexts(lines);
    final FakeLineHealth health = new FakeLineHealth();
    final DispatchSettings settings = DispatchSettings.defaults(3)
            .withBackoff(Duration.ofSeconds(5), Duration.ofMinutes(15), 3);
    final FallbackSms fallbackSms = new FallbackSms(messages, lines, leads, new CountingIds());
    private final ExecutorService providerPool = Executors.newCachedThreadPool();

    final ClaimDueMessages claims = new ClaimDueMessages(tx, queue, gate, messages, leads, lines, dnc, settings, clock);
    final SendClaimed sends = new SendClaimed(FakeProviders.standard(sender), contexts,
            new ProviderCalls(providerPool, settings.providerTimeout()));
    final RecordSendOutcome outcomes = new RecordSendOutcome(tx, queue, gate, messages, fallbackSms, settings, clock, () -> 1.0,
            dnc, health, new CountingIds(0xd0c000), ai.tuco.application.dispatch.port.out.EarlyUpdates.NONE);
    final Leases leases = new Leases(tx, queue, gate, messages, settings, clock);
    final DispatchService dispatch = new DispatchService(claims, sends, outcomes, leases);

    List<Claim> claim() {
        return dispatch.claim(OWNER);
    }

    Claim claimOne() {
        List<Claim> claimed = claim();
        if (claimed.size() != 1) {
            throw new AssertionError("expected one claim, got " + claimed);
        }
        return claimed.get(0);
    }

    @Override
    public void close() {
        providerPool.shutdownNow();
    }
}
