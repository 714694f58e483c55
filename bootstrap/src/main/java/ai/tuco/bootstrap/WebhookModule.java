package ai.tuco.bootstrap;

import ai.tuco.adapters.delivery.webhook.OkHttpWebhookSender;
import ai.tuco.adapters.persistence.postgres.PgListener;
import ai.tuco.adapters.persistence.postgres.PgNotifier;
import ai.tuco.adapters.persistence.shared.SecretBox;
import ai.tuco.adapters.persistence.webhook.JdbiWebhookEndpoints;
import ai.tuco.adapters.persistence.webhook.JdbiWebhookQueue;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.application.webhook.DeliverWebhooksService;
import ai.tuco.application.webhook.ManageWebhooksService;
import ai.tuco.application.webhook.WebhookDeliveriesService;
import ai.tuco.application.webhook.WebhookHealthCheckService;
import ai.tuco.application.webhook.WebhookSettings;
import ai.tuco.application.webhook.port.in.DeliverWebhooksUseCase;
import ai.tuco.application.webhook.port.in.ManageWebhooksUseCase;
import ai.tuco.application.webhook.port.in.WebhookDeliveriesQuery;
import ai.tuco.application.webhook.port.in.WebhookHealthCheckUseCase;
import ai.tuco.application.webhook.port.out.WebhookEndpointRepository;
import ai.tuco.application.webhook.port.out.WebhookMetrics;
import ai.tuco.application.webhook.port.out.WebhookQueue;
import ai.tuco.application.webhook.port.out.WebhookSender;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import okhttp3.OkHttpClient;
import org.jdbi.v3.core.Jdbi;

/** Outbound webhooks: endpoints and outbox in PostgreSQL, the OkHttp sender, the use cases and this node's workers. */
final class WebhookModule extends AbstractModule {
    /** How often workers look for due deliveries when nothing woke them (retries coming due, expired leases). */
    static final Duration POLL = Duration.ofSeconds(1);
    /** At most one NOTIFY tuco_webhooks per this interval per node. */
    static final Duration NOTIFY_DEBOUNCE = Duration.ofMillis(25);

    private final DataSource dataSource;
    private final WebhookSettings settings;

    WebhookModule(DataSource dataSource, WebhookSettings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
    }

    @Provides WebhookSettings settings() {
        return settings;
    }

    @Provides @Singleton WebhookEndpointRepository endpoints(Jdbi jdbi, SecretBox secrets) {
        return new JdbiWebhookEndpoints(jdbi, secrets);
    }

    /** Run by the message writer after outbox rows commit, and by the queue after a manual replay commits. */
    @Provides @Singleton WebhookWakeup wakeup(Jdbi jdbi) {
        return new WebhookWakeup(new PgNotifier(jdbi, JdbiWebhookQueue.CHANNEL, NOTIFY_DEBOUNCE));
    }

    @Provides @Singleton WebhookQueue queue(Jdbi jdbi, SecretBox secrets, WebhookWakeup wakeup) {
        return new JdbiWebhookQueue(jdbi, secrets, wakeup);
    }

    /** Over the network module's guarded client (ADR 13): a private address is a failed attempt ("refused to connect"). */
    @Provides @Singleton WebhookSender sender(OkHttpClient guarded) {
        return new OkHttpWebhookSender(guarded);
    }

    @Provides @Singleton ManageWebhooksUseCase manage(WebhookEndpointRepository endpoints, IdGenerator ids, AuditLog audit,
            TransactionRunner tx, Clock clock) {
        return new ManageWebhooksService(endpoints, ids, audit, tx, settings, clock);
    }

    @Provides @Singleton WebhookHealthCheckUseCase health(WebhookEndpointRepository endpoints, WebhookSender sender,
            IdGenerator ids, Clock clock) {
        return new WebhookHealthCheckService(endpoints, sender, ids, settings, clock);
    }

    @Provides @Singleton WebhookDeliveriesQuery deliveries(WebhookEndpointRepository endpoints, WebhookQueue queue,
            AuditLog audit, TransactionRunner tx, Clock clock) {
        return new WebhookDeliveriesService(endpoints, queue, audit, tx, clock);
    }

    @Provides @Singleton DeliverWebhooksUseCase deliver(WebhookQueue queue, WebhookSender sender, WebhookMetrics metrics,
            Clock clock) {
        return new DeliverWebhooksService(queue, sender, metrics, settings, clock, () -> ThreadLocalRandom.current().nextDouble());
    }

    @Provides @Singleton WebhookWorkers workers(DeliverWebhooksUseCase deliver, WebhookWakeup wakeup) {
        return new WebhookWorkers(deliver, settings.perEndpoint(), WebhookWorkers.MAX_IN_FLIGHT, POLL, wakeup.signal(),
                new PgListener(dataSource, JdbiWebhookQueue.CHANNEL, "webhook workers still poll", wakeup.signal()::wake));
    }
}
