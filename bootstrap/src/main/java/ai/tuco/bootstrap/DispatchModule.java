package ai.tuco.bootstrap;

import ai.tuco.adapters.persistence.dispatch.PgDispatchNotifier;
import ai.tuco.adapters.persistence.postgres.PgListener;
import ai.tuco.application.dispatch.ClaimDueMessages;
import ai.tuco.application.dispatch.DispatchService;
import ai.tuco.application.dispatch.DispatchSettings;
import ai.tuco.application.dispatch.GroupedOutcomes;
import ai.tuco.application.dispatch.Leases;
import ai.tuco.application.dispatch.ProviderEventService;
import ai.tuco.application.dispatch.RecordSendOutcome;
import ai.tuco.application.dispatch.SendClaimed;
import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase;
import ai.tuco.application.dispatch.port.out.DispatchMetrics;
import ai.tuco.application.dispatch.port.out.DispatchQueue;
import ai.tuco.application.dispatch.port.out.EarlyUpdates;
import ai.tuco.application.dispatch.port.out.LineGate;
import ai.tuco.application.dispatch.port.out.MessageLookup;
import ai.tuco.application.donotcontact.port.out.DoNotContactCheck;
import ai.tuco.application.lead.AvailabilityService;
import ai.tuco.application.lead.port.in.CheckAvailabilityUseCase;
import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.message.FallbackSms;
import ai.tuco.application.message.port.in.SendFallbackSmsUseCase;
import ai.tuco.application.message.port.out.DispatchWakeup;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.donotcontact.port.out.DoNotContactRepository;
import ai.tuco.application.provider.port.out.LineHealthWriter;
import ai.tuco.application.provider.port.out.ProviderCalls;
import ai.tuco.application.reply.port.in.UnsubscribeUseCase;
import ai.tuco.application.provider.port.out.ProviderMetrics;
import ai.tuco.application.provider.port.out.spi.EventPoller;
import ai.tuco.application.provider.port.out.spi.LineContexts;
import ai.tuco.application.provider.port.out.spi.ProviderDirectory;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.TransactionRunner;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/** The dispatch engine: its service, bounded provider calls, wake-ups, and this node's dispatcher threads. */
final class DispatchModule extends AbstractModule {
    /** Most send outcomes recorded in one transaction (ADR 23). */
    private static final int GROUP_LIMIT = 100;

    private final DataSource dataSource;
    private final DispatchSettings settings;
    private final int threads;

    DispatchModule(DataSource dataSource, DispatchSettings settings, int threads) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.threads = threads;
    }

    @Provides DispatchSettings settings() {
        return settings;
    }

    @Provides @Singleton DispatchSignal signal() {
        return new DispatchSignal();
    }

    @Provides @Singleton PgDispatchNotifier notifier(Jdbi jdbi) {
        return new PgDispatchNotifier(jdbi, Duration.ofMillis(25));
    }

    /** This node's dispatchers at once, every node's through a debounced NOTIFY. */
    @Provides @Singleton DispatchWakeup wakeup(DispatchSignal signal, PgDispatchNotifier notifier) {
        return () -> {
            signal.wake();
            notifier.requestNotify();
        };
    }

    /** The lead availability check asks the same providers, bounded by the same timeout as a send. */
    @Provides @Singleton CheckAvailabilityUseCase checkAvailability(LeadRepository leads, LineRepository lines,
            ProviderDirectory providers, LineContexts contexts, ProviderCalls calls, Clock clock) {
        return new AvailabilityService(leads, lines, providers, contexts, calls, clock);
    }

    /** Every provider call (sends, availability checks) bounded by the provider timeout and measured. */
    @Provides @Singleton ProviderCalls boundedCalls(ExecutorService providerCalls, ProviderMetrics metrics) {
        return new ProviderCalls(providerCalls, settings.providerTimeout(), metrics);
    }

    @Provides @Singleton ExecutorService providerCalls() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "tuco-provider-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Provides @Singleton RecordSendOutcome outcomes(TransactionRunner tx, DispatchQueue queue, LineGate gate,
            MessageRepository messages, SendFallbackSmsUseCase fallbackSms, Clock clock, DoNotContactRepository doNotContact,
            LineHealthWriter lineHealth, IdGenerator ids, EarlyUpdates early) {
        return new RecordSendOutcome(tx, queue, gate, messages, fallbackSms, settings, clock,
                () -> ThreadLocalRandom.current().nextDouble(), doNotContact, lineHealth, ids, early);
    }

    /** Send outcomes recorded in groups: one transaction for the outcomes of the lines whose sends end meanwhile. */
    @Provides @Singleton GroupedOutcomes groupedOutcomes(TransactionRunner tx, DispatchQueue queue, MessageRepository messages,
            EarlyUpdates early, RecordSendOutcome outcomes, ProviderDirectory providers) {
        // early updates are kept only from line-scoped callbacks and polls: a provider with neither never has any
        return new GroupedOutcomes(tx, queue, messages, early, outcomes, GROUP_LIMIT, line -> providers.find(line.provider().name())
                .map(p -> p.callbacks().isPresent()
                        || p.poller().map(q -> q.scope() != EventPoller.Scope.PER_PROVIDER).orElse(false))
                .orElse(true));
    }

    @Provides @Singleton DispatchDueMessagesUseCase dispatch(
            TransactionRunner tx, DispatchQueue queue, LineGate gate, MessageRepository messages, LeadRepository leads,
            LineRepository lines, DoNotContactCheck dnc, ProviderDirectory providers, LineContexts contexts,
            ProviderCalls calls, Clock clock, DispatchMetrics metrics, UnsubscribeUseCase unsubscribe,
            RecordSendOutcome outcomes, GroupedOutcomes grouped) {
        return new DispatchService(
                new ClaimDueMessages(tx, queue, gate, messages, leads, lines, dnc, settings, clock, metrics),
                new SendClaimed(providers, contexts, calls, id -> Optional.of(unsubscribe.linkFor(id))),
                outcomes,
                new Leases(tx, queue, gate, messages, settings, clock),
                Optional.of(grouped));
    }

    @Provides @Singleton SendFallbackSmsUseCase fallbackSms(MessageRepository messages, LineRepository lines, LeadRepository leads,
            IdGenerator ids) {
        return new FallbackSms(messages, lines, leads, ids);
    }

    @Provides @Singleton RecordProviderEventUseCase providerEvents(
            TransactionRunner tx, MessageLookup lookup, MessageRepository messages, Clock clock, SendFallbackSmsUseCase fallbackSms,
            EarlyUpdates early) {
        return new ProviderEventService(tx, lookup, messages, clock, fallbackSms, early);
    }

    @Provides @Singleton Dispatchers dispatchers(DispatchDueMessagesUseCase dispatch, ProviderPolls polls,
            DispatchSignal signal, ExecutorService providerCalls) {
        return new Dispatchers(dispatch, polls, signal, new PgListener(dataSource, PgDispatchNotifier.CHANNEL,
                "dispatchers still poll", signal::wake), settings,
                providerCalls, threads);
    }
}
