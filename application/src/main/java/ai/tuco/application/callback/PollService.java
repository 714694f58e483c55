package ai.tuco.application.callback;

import ai.tuco.application.callback.port.in.PollProvidersUseCase;
import ai.tuco.application.callback.port.out.PollLeases;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase;
import ai.tuco.application.dispatch.port.out.EarlyUpdates;
import ai.tuco.application.provider.port.out.ProviderCalls;
import ai.tuco.application.provider.port.out.ProviderMetrics.Operation;
import ai.tuco.application.provider.port.out.spi.EventPoller;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.LineContexts;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.ProviderDirectory;
import ai.tuco.application.reply.port.in.RecordReplyUseCase;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The poll scheduler's work. {@link EventPoller.Scope#PER_LINE}: the due (provider, line) rows this node claims
 * through {@link PollLeases} (one node per line per interval), each polled with the cursor its previous poll left, the
 * new cursor stored once the updates are applied. {@link EventPoller.Scope#PER_PROVIDER}: once per interval on every
 * node, the cursor kept in memory. Updates are applied as callbacks' are (within the line). A failing poll is logged by
 * provider, line and failure kind only (never a URL or a provider's text) and retried the next interval.
 */
public final class PollService implements PollProvidersUseCase {
    private static final System.Logger LOG = System.getLogger(PollService.class.getName());
    static final Duration EARLY_UPDATES_KEPT = Duration.ofHours(1);
    private static final int LINES_PER_ROUND = 20;

    private final ProviderDirectory providers;
    private final LineContexts contexts;
    private final ProviderCalls calls;
    private final PollLeases leases;
    private final StatusUpdates updates;
    private final ProviderReplies replies;
    private final EarlyUpdates early;
    private final Clock clock;
    private final Map<String, Instant> nextProviderPoll = new ConcurrentHashMap<>();
    private final Map<String, String> providerCursors = new ConcurrentHashMap<>();

    public PollService(ProviderDirectory providers, LineContexts contexts, ProviderCalls calls, PollLeases leases,
            RecordProviderEventUseCase events, EarlyUpdates early, Clock clock) {
        this(providers, contexts, calls, leases, events, early, clock, ProviderReplies.NONE);
    }

    /** @param replies records the replies a per-line poll finds (issue 14) */
    public PollService(ProviderDirectory providers, LineContexts contexts, ProviderCalls calls, PollLeases leases,
            RecordProviderEventUseCase events, EarlyUpdates early, Clock clock, RecordReplyUseCase replies) {
        this(providers, contexts, calls, leases, events, early, clock, new ProviderReplies(replies));
    }

    private PollService(ProviderDirectory providers, LineContexts contexts, ProviderCalls calls, PollLeases leases,
            RecordProviderEventUseCase events, EarlyUpdates early, Clock clock, ProviderReplies replies) {
        this.replies = replies;
        this.providers = providers;
        this.contexts = contexts;
        this.calls = calls;
        this.leases = leases;
        this.updates = new StatusUpdates(events);
        this.early = early;
        this.clock = clock;
    }

    @Override
    public void afterStart() {
        for (MessagingProvider p : providers.all()) {
            p.poller().filter(poller -> poller.scope() == EventPoller.Scope.PER_LINE)
                    .ifPresent(poller -> leases.dueNow(p.name(), now()));
        }
    }

    @Override
    public int pollDue() {
        int polls = 0;
        for (MessagingProvider p : providers.all()) {
            Optional<EventPoller> poller = p.poller();
            if (poller.isEmpty()) {
                continue;
            }
            try {
                polls += poller.get().scope() == EventPoller.Scope.PER_LINE
                        ? pollLines(p, poller.get())
                        : pollProvider(p, poller.get());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "polls of provider {0} failed: {1}", p.name(), e.getClass().getSimpleName());
            }
        }
        return polls;
    }

    private int pollLines(MessagingProvider p, EventPoller poller) {
        List<PollLeases.Claimed> due = leases.claimDue(p.name(), now(), poller.interval(), LINES_PER_ROUND);
        for (PollLeases.Claimed claimed : due) {
            Optional<LineContext> line = contexts.open(claimed.line())
                    .filter(ctx -> ctx.line().provider().wireName().equals(p.name()));
            if (line.isEmpty()) {
                continue;
            }
            try {
                EventPoller.Polled polled = calls.call(p.name(), Operation.POLL, () -> poller.poll(line, claimed.cursor()));
                updates.apply(Optional.of(claimed.line()), polled.updates());
                replies.record(line.get(), polled.replies());
                polled.nextCursor().ifPresent(c -> leases.saveCursor(p.name(), claimed.line(), c));
            } catch (ProviderCalls.Failed e) {
                LOG.log(Level.WARNING, "poll of provider {0} for line {1} failed ({2}); retried next interval",
                        p.name(), claimed.line().value(), e.rejection().code());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "poll of provider {0} for line {1} could not be applied ({2}); retried next interval",
                        p.name(), claimed.line().value(), e.getClass().getSimpleName());
            }
        }
        return due.size();
    }

    private int pollProvider(MessagingProvider p, EventPoller poller) {
        Instant now = now();
        Instant next = nextProviderPoll.getOrDefault(p.name(), Instant.MIN);
        if (now.isBefore(next)) {
            return 0;
        }
        nextProviderPoll.put(p.name(), now.plus(poller.interval()));
        try {
            EventPoller.Polled polled = calls.call(p.name(), Operation.POLL,
                    () -> poller.poll(Optional.empty(), Optional.ofNullable(providerCursors.get(p.name()))));
            updates.apply(Optional.empty(), polled.updates());
            polled.nextCursor().ifPresent(c -> providerCursors.put(p.name(), c));
        } catch (ProviderCalls.Failed e) {
            LOG.log(Level.WARNING, "poll of provider {0} failed ({1}); retried next interval", p.name(), e.rejection().code());
        }
        return 1;
    }

    @Override
    public int purgeExpiredEarlyUpdates() {
        return early.purgeReceivedBefore(now().minus(EARLY_UPDATES_KEPT));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
