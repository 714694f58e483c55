package ai.tuco.bootstrap;

import ai.tuco.adapters.http.metrics.MicrometerMetrics;
import ai.tuco.adapters.persistence.dispatch.JdbiQueueBacklog;
import ai.tuco.adapters.persistence.message.JdbiMessageRepository;
import ai.tuco.application.dispatch.QueueBacklogService;
import ai.tuco.application.dispatch.port.in.QueueBacklogQuery;
import ai.tuco.application.dispatch.port.out.DispatchMetrics;
import ai.tuco.application.idempotency.port.out.IdempotencyMetrics;
import ai.tuco.application.message.CountingMessageRepository;
import ai.tuco.application.message.port.out.MessageMetrics;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.provider.port.out.ProviderMetrics;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.application.webhook.port.out.WebhookMetrics;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/** Micrometer behind the application's metrics ports, and the one message writer wrapped so every change is counted. */
final class MetricsModule extends AbstractModule {
    /** Scrapes within this long of each other share one read of the queue gauges. */
    static final Duration QUEUE_GAUGE_CACHE = Duration.ofSeconds(5);

    @Provides @Singleton QueueBacklogQuery queueBacklog(Jdbi jdbi, Clock clock) {
        return new QueueBacklogService(new JdbiQueueBacklog(jdbi), clock, QUEUE_GAUGE_CACHE, System::nanoTime);
    }

    @Provides @Singleton MicrometerMetrics metrics(QueueBacklogQuery backlog) {
        return new MicrometerMetrics(backlog);
    }

    @Provides MessageMetrics messageMetrics(MicrometerMetrics metrics) {
        return metrics;
    }

    @Provides DispatchMetrics dispatchMetrics(MicrometerMetrics metrics) {
        return metrics;
    }

    @Provides ProviderMetrics providerMetrics(MicrometerMetrics metrics) {
        return metrics;
    }

    @Provides WebhookMetrics webhookMetrics(MicrometerMetrics metrics) {
        return metrics;
    }

    @Provides IdempotencyMetrics idempotencyMetrics(MicrometerMetrics metrics) {
        return metrics;
    }

    @Provides @Singleton MessageRepository messages(JdbiMessageRepository messages, MessageMetrics metrics, TransactionRunner tx) {
        return new CountingMessageRepository(messages, metrics, tx);
    }
}
