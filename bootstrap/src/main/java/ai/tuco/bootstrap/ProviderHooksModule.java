package ai.tuco.bootstrap;

import ai.tuco.adapters.persistence.callback.JdbiPollLeases;
import ai.tuco.adapters.persistence.dispatch.JdbiEarlyUpdates;
import ai.tuco.adapters.persistence.line.JdbiLineHealthStore;
import ai.tuco.application.callback.CallbackService;
import ai.tuco.application.callback.PollService;
import ai.tuco.application.callback.port.in.HandleCallbackUseCase;
import ai.tuco.application.callback.port.in.PollProvidersUseCase;
import ai.tuco.application.callback.port.out.PollLeases;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase;
import ai.tuco.application.dispatch.port.out.EarlyUpdates;
import ai.tuco.application.line.LineHealthService;
import ai.tuco.application.line.LineLifecycle;
import ai.tuco.application.line.port.in.CheckLineHealthUseCase;
import ai.tuco.application.line.port.in.LineStatusQuery;
import ai.tuco.application.line.port.out.LineHealthStore;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.provider.port.out.ProviderCalls;
import ai.tuco.application.provider.port.out.spi.LineContexts;
import ai.tuco.application.provider.port.out.spi.ProviderDirectory;
import ai.tuco.application.reply.port.in.RecordReplyUseCase;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * Provider callbacks, polls and line health: their stores, services and this node's background jobs
 * ({@link ProviderJobs}). Needs a {@link ProviderDirectory} and {@link LineContexts} bound elsewhere.
 */
final class ProviderHooksModule extends AbstractModule {
    /** How often each active line's health is checked (one node per line per interval). */
    static final Duration HEALTH_EVERY = Duration.ofMinutes(5);

    private final String publicUrl;

    ProviderHooksModule(String publicUrl) {
        this.publicUrl = publicUrl;
    }

    @Provides @Singleton LineHealthStore lineHealth(Jdbi jdbi) {
        return new JdbiLineHealthStore(jdbi);
    }

    @Provides @Singleton EarlyUpdates earlyUpdates(Jdbi jdbi) {
        return new JdbiEarlyUpdates(jdbi);
    }

    @Provides @Singleton PollLeases pollLeases(Jdbi jdbi) {
        return new JdbiPollLeases(jdbi);
    }

    /** Runs what follows a line's write (provider registration, first check); a bounded queue, extra work dropped and logged. */
    @Provides @Singleton @LineHooks ExecutorService lineHooks() {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, "tuco-line-hooks-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Provides @Singleton LineHealthService lineHealthService(LineRepository lines, LineHealthStore health,
            ProviderDirectory providers, LineContexts contexts, ProviderCalls calls, @LineHooks ExecutorService async, Clock clock) {
        return new LineHealthService(lines, health, providers, contexts, calls, async, clock, HEALTH_EVERY, publicUrl);
    }

    @Provides @Singleton CheckLineHealthUseCase checkLineHealth(LineHealthService service) {
        return service;
    }

    @Provides @Singleton LineStatusQuery lineStatuses(LineHealthService service) {
        return service;
    }

    @Provides @Singleton LineLifecycle lineLifecycle(LineHealthService service) {
        return service;
    }

    @Provides @Singleton HandleCallbackUseCase callbacks(ProviderDirectory providers, LineContexts contexts,
            ProviderCalls calls, RecordProviderEventUseCase events, RecordReplyUseCase replies) {
        return new CallbackService(providers, contexts, calls, events, replies);
    }

    @Provides @Singleton PollProvidersUseCase polls(ProviderDirectory providers, LineContexts contexts, ProviderCalls calls,
            PollLeases leases, RecordProviderEventUseCase events, EarlyUpdates early, Clock clock, RecordReplyUseCase replies) {
        return new PollService(providers, contexts, calls, leases, events, early, clock, replies);
    }

    @Provides @Singleton ProviderJobs jobs(PollProvidersUseCase polls, CheckLineHealthUseCase health) {
        return new ProviderJobs(polls, health);
    }

    /** The executor of line hooks. */
    @com.google.inject.BindingAnnotation
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target({java.lang.annotation.ElementType.METHOD, java.lang.annotation.ElementType.PARAMETER})
    @interface LineHooks {}
}
