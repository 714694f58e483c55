package ai.tuco.application.line;

import ai.tuco.application.line.port.in.CheckLineHealthUseCase;
import ai.tuco.application.line.port.in.LineStatusQuery;
import ai.tuco.application.line.port.out.LineHealthStore;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.provider.port.out.ProviderCalls;
import ai.tuco.application.provider.port.out.ProviderMetrics.Operation;
import ai.tuco.application.provider.port.out.spi.HealthResult;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.provider.port.out.spi.LineContexts;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.ProviderDirectory;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.LineHealth;
import ai.tuco.domain.shared.LineId;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Line health: a check asks the line's provider ({@code checkHealth}, bounded by the provider timeout through
 * {@link ProviderCalls}) and stores the result in its own table only. Checks run when an admin asks, after a line's
 * create or update commits (asynchronously, after the provider was told of the line's configuration), and every
 * {@code every} per active line, one node per line per interval. A reason is ours: a provider's own reason is cut
 * short and stripped of control characters, and a failed call is described by its kind, never by its text (which may
 * hold a URL with credentials).
 */
public final class LineHealthService implements CheckLineHealthUseCase, LineStatusQuery, LineLifecycle {
    private static final System.Logger LOG = System.getLogger(LineHealthService.class.getName());
    static final int MAX_REASON = 200;
    private static final int BATCH = 50;

    private final LineRepository lines;
    private final LineHealthStore health;
    private final ProviderDirectory providers;
    private final LineContexts contexts;
    private final ProviderCalls calls;
    private final Executor async;
    private final Clock clock;
    private final Duration every;
    private final String publicUrl;

    /**
     * @param async     runs the work that follows a line's write (provider registration, first check)
     * @param every     how often each active line is checked
     * @param publicUrl {@code TUCO_PUBLIC_URL}, without a trailing slash
     */
    public LineHealthService(LineRepository lines, LineHealthStore health, ProviderDirectory providers, LineContexts contexts,
            ProviderCalls calls, Executor async, Clock clock, Duration every, String publicUrl) {
        this.lines = lines;
        this.health = health;
        this.providers = providers;
        this.contexts = contexts;
        this.calls = calls;
        this.async = async;
        this.clock = clock;
        this.every = every;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    @Override
    public LineHealth checkNow(Caller caller, LineId lineId) {
        caller.requireAdmin();
        Line line = lines.findById(caller.workspace().id(), lineId).orElseThrow(() -> UseCaseException.notFound("Line"));
        LineHealth result = check(line).orElseGet(() -> LineHealth.unhealthy(now(),
                "No provider named " + line.provider().wireName() + " is loaded on this node"));
        health.record(line.id(), result);
        return result;
    }

    @Override
    public int checkDue() {
        List<LineId> due = health.claimDueChecks(now(), every, BATCH);
        int checked = 0;
        for (LineId id : due) {
            try {
                Optional<LineContext> ctx = contexts.open(id);
                if (ctx.isPresent() && ctx.get().line().active()) {
                    Optional<LineHealth> result = check(ctx.get().line(), ctx);
                    if (result.isPresent()) {
                        health.record(id, result.get());
                        checked++;
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "health check of line {0} failed: {1}", id.value(), e.getClass().getSimpleName());
            }
        }
        return checked;
    }

    @Override
    public Map<LineId, LineStatus> statuses(List<Line> list) {
        Map<LineId, LineHealth> found = list.isEmpty() ? Map.of() : health.find(list.stream().map(Line::id).toList());
        Map<LineId, LineStatus> out = new HashMap<>();
        for (Line line : list) {
            out.put(line.id(), new LineStatus(found.getOrDefault(line.id(), LineHealth.unknown()), inboundUrl(line)));
        }
        return out;
    }

    /** {@code {TUCO_PUBLIC_URL}/hooks/{provider}/{lineId}/inbound}, with the line's token when its context opens. */
    String inboundUrl(Line line) {
        String base = publicUrl + "/hooks/" + line.provider().wireName() + "/" + line.id().value() + "/inbound";
        try {
            return base + "?token=" + contexts.open(line).callbackToken();
        } catch (RuntimeException e) {
            return base;
        }
    }

    @Override
    public Optional<LineContext> current(Line line) {
        try {
            return Optional.of(contexts.open(line));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void saved(Line line, Optional<LineContext> previous) {
        try {
            async.execute(() -> afterSave(line, previous));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not schedule the provider hooks of line {0}: {1}", line.id().value(),
                    e.getClass().getSimpleName());
        }
    }

    /** Tells the providers (the previous one of a removal when the provider changed), then checks the line. */
    void afterSave(Line line, Optional<LineContext> previous) {
        try {
            LineContext ctx = contexts.open(line);
            Optional<LineContext> before = previous;
            if (previous.isPresent() && !previous.get().line().provider().equals(line.provider())) {
                providers.find(previous.get().line().provider().wireName())
                        .ifPresent(old -> hook(old, Operation.LINE_CONFIGURED, "lineRemoved", line, () -> {
                            old.lineRemoved(previous.get());
                            return null;
                        }));
                before = Optional.empty();
            }
            Optional<LineContext> was = before;
            providers.find(line.provider().wireName()).ifPresent(p -> hook(p, Operation.LINE_CONFIGURED, "lineConfigured", line, () -> {
                p.lineConfigured(ctx, was);
                return null;
            }));
            check(line, Optional.of(ctx)).ifPresent(result -> health.record(line.id(), result));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "after the change of line {0}: {1}", line.id().value(), e.getClass().getSimpleName());
        }
    }

    private void hook(MessagingProvider p, Operation op, String what, Line line, java.util.concurrent.Callable<Void> work) {
        try {
            calls.call(line.provider(), op, work);
        } catch (ProviderCalls.Failed e) {
            LOG.log(Level.WARNING, "{0} of provider {1} for line {2} failed ({3})", what, p.name(), line.id().value(),
                    e.rejection().code());
        }
    }

    /** The line's health now; empty when no loaded provider has the line's provider name. */
    Optional<LineHealth> check(Line line) {
        return check(line, Optional.empty());
    }

    private Optional<LineHealth> check(Line line, Optional<LineContext> opened) {
        Optional<MessagingProvider> provider = providers.find(line.provider().wireName());
        if (provider.isEmpty()) {
            return Optional.empty();
        }
        LineContext ctx;
        try {
            ctx = opened.orElseGet(() -> contexts.open(line));
        } catch (RuntimeException e) {
            return Optional.of(LineHealth.unhealthy(now(), "The line's provider configuration could not be opened"));
        }
        try {
            HealthResult r = calls.call(line.provider(), Operation.HEALTH_CHECK, () -> provider.get().checkHealth(ctx));
            return Optional.of(r == null
                    ? LineHealth.unhealthy(now(), "The provider gave no answer")
                    : r.healthy()
                            ? LineHealth.healthy(now())
                            : LineHealth.unhealthy(now(), reason(r.reason().orElse("The provider reported the line unhealthy"))));
        } catch (ProviderCalls.Failed e) {
            return Optional.of(LineHealth.unhealthy(now(), "PROVIDER_TIMEOUT".equals(e.rejection().code())
                    ? "The provider did not answer in time"
                    : "The health check could not complete (" + e.rejection().message().split(":", 2)[0] + ")"));
        }
    }

    /** At most {@value #MAX_REASON} characters, one line. */
    static String reason(String raw) {
        String oneLine = raw.replaceAll("\\p{Cntrl}+", " ").strip();
        return oneLine.length() <= MAX_REASON ? oneLine : oneLine.substring(0, MAX_REASON - 1) + "…";
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
