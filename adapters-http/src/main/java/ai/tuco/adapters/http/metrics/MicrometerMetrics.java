package ai.tuco.adapters.http.metrics;

import ai.tuco.application.dispatch.port.in.QueueBacklogQuery;
import ai.tuco.application.dispatch.port.out.DispatchMetrics;
import ai.tuco.application.idempotency.port.out.IdempotencyMetrics;
import ai.tuco.application.webhook.port.out.WebhookMetrics;
import ai.tuco.application.message.port.out.MessageMetrics;
import ai.tuco.application.provider.port.out.ProviderMetrics;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.shared.Channel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The metrics adapter: one Prometheus registry per service instance, every meter named {@code tuco_...} (the JVM's and
 * the pool's too), behind the application's metrics ports. Label values come only from fixed sets (channels,
 * statuses, providers, route templates), so the number of series cannot grow with traffic.
 */
public final class MicrometerMetrics implements MessageMetrics, DispatchMetrics, ProviderMetrics, IdempotencyMetrics, WebhookMetrics,
        AutoCloseable {
    static final String PREFIX = "tuco.";
    static final List<MessageStatus> FINISHED = List.of(MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.FAILED,
            MessageStatus.FALLBACK, MessageStatus.CANCELLED);
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** @param backlog the queue gauges' source (cached, so a scrape costs the database at most one cheap query) */
    public MicrometerMetrics(QueueBacklogQuery backlog) {
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().startsWith(PREFIX) ? id : id.withName(PREFIX + id.getName());
            }
        });
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        queueGauge(backlog, "tuco.dispatch.queue.depth", "due", b -> b.due());
        queueGauge(backlog, "tuco.dispatch.queue.depth", "later", b -> b.later());
        queueGauge(backlog, "tuco.dispatch.queue.depth", "leased", b -> b.leased());
        Gauge.builder("tuco.dispatch.queue.oldest.due.age", backlog, q -> read(q, b -> b.oldestDueAge().toMillis() / 1000.0))
                .description("How long the oldest due, unclaimed message has waited past its due time")
                .baseUnit("seconds").strongReference(true).register(registry);
        for (Channel channel : Channel.values()) {
            registry.counter("tuco.messages.accepted", "channel", channel.wireName());
            for (MessageStatus status : FINISHED) {
                registry.counter("tuco.messages.finished", "status", status.wireName(), "channel", channel.wireName());
            }
        }
        registry.counter("tuco.idempotency.replays");
        registry.counter("tuco.rate.limit.refusals");
    }

    private void queueGauge(QueueBacklogQuery backlog, String name, String state, ToDoubleFunction<QueueBacklogQuery.Backlog> value) {
        Gauge.builder(name, backlog, q -> read(q, value))
                .description("Rows of the dispatch queue: due (waiting for a dispatcher or its line's gate), later, leased")
                .tag("state", state).strongReference(true).register(registry);
    }

    /** A database that cannot be read makes the gauge NaN ("no value") rather than failing the whole scrape. */
    private static double read(QueueBacklogQuery q, ToDoubleFunction<QueueBacklogQuery.Backlog> value) {
        try {
            return value.applyAsDouble(q.backlog());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** For meters bound elsewhere (the connection pool). */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void accepted(Channel channel) {
        registry.counter("tuco.messages.accepted", "channel", channel.wireName()).increment();
    }

    @Override
    public void acceptBatch(int messages, Duration untilCommitted) {
        DistributionSummary.builder("tuco.accept.batch.messages")
                .description("messages written by one group-committed accepting transaction")
                .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100, 250)
                .register(registry).record(messages);
        Timer.builder("tuco.accept.batch.commit")
                .description("from a group-committed accepting transaction's message statement to its commit returning")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry).record(untilCommitted);
    }

    @Override
    public void finished(MessageStatus status, Channel channel) {
        registry.counter("tuco.messages.finished", "status", status.wireName(), "channel", channel.wireName()).increment();
    }

    @Override
    public void deferred(String reason) {
        registry.counter("tuco.dispatch.deferrals", "reason", reason).increment();
    }

    @Override
    public void called(String provider, Operation operation, Outcome outcome, Duration took) {
        Timer.builder("tuco.provider.calls")
                .description("Provider calls by provider, operation and outcome (ok, rejected, timeout, error)")
                .tags("provider", provider, "operation", operation.label(), "outcome", outcome.label())
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)
                .record(took.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** One webhook attempt by outcome: succeeded, retrying, failed (gave up), disabled (410 or five days failing). */
    @Override
    public void attempt(String outcome) {
        registry.counter("tuco.webhook.attempts", "outcome", outcome).increment();
    }

    @Override
    public void replayed() {
        registry.counter("tuco.idempotency.replays").increment();
    }

    /** A request refused with 429 by the per-workspace rate limit. */
    public void rateLimited() {
        registry.counter("tuco.rate.limit.refusals").increment();
    }

    /** An HTTP request answered: {@code route} is a route template or {@code unmatched}. */
    void request(String method, String route, int status, long nanos) {
        Timer.builder("tuco.http.server.requests")
                .description("HTTP requests by method, route template and status")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
