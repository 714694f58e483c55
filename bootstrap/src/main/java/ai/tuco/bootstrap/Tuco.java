package ai.tuco.bootstrap;

import ai.tuco.adapters.http.HttpServer;
import ai.tuco.adapters.http.metrics.MicrometerMetrics;
import ai.tuco.adapters.persistence.dispatch.PgDispatchNotifier;
import ai.tuco.adapters.persistence.line.JdbiLineContexts;
import ai.tuco.adapters.persistence.postgres.PgListener;
import ai.tuco.adapters.persistence.shared.PgChangeNotices;
import ai.tuco.adapters.persistence.shared.SecretBox;
import ai.tuco.application.message.SendMessageService;
import ai.tuco.application.audit.port.in.PurgeAuditLogUseCase;
import ai.tuco.application.demo.port.in.SeedDemoUseCase;
import ai.tuco.application.dispatch.DispatchSettings;
import ai.tuco.application.idempotency.port.in.IdempotencyUseCase;
import ai.tuco.application.webhook.WebhookSettings;
import ai.tuco.application.workspace.ReadCaches;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.util.Modules;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: opens the database (migrated), wires every adapter to the application with Guice, and
 * owns the lifecycle. {@code serve} and every CLI command go through it, so they share one configuration.
 */
public final class Tuco implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Tuco.class);

    private final Config config;
    private final Database database;
    private final Injector injector;
    private HttpServer http;
    private Dispatchers dispatchers;
    private ProviderJobs providerJobs;
    private WebhookWorkers webhooks;
    private Housekeeping housekeeping;
    private PgListener changes;

    private Tuco(Config config, Database database, Injector injector) {
        this.config = config;
        this.database = database;
        this.injector = injector;
    }

    /** @throws ConfigException naming the variable when the configuration cannot be used */
    public static Tuco open(Config config, Clock clock) {
        return open(config, clock, dispatchSettings(config));
    }

    /** The dispatch engine as the configuration sizes its claims, otherwise at its defaults. */
    private static DispatchSettings dispatchSettings(Config config) {
        return DispatchSettings.defaults(config.maxSendAttempts())
                .withBatch(config.dispatchBatch(), config.dispatchPerLine(), config.dispatchClaimSpan());
    }

    /** As {@link #open(Config, Clock)}, with the dispatch engine tuned (tests use short leases and backoffs). */
    public static Tuco open(Config config, Clock clock, DispatchSettings dispatch) {
        return open(config, clock, dispatch, true);
    }

    /**
     * As {@link #open(Config, Clock)} for a command that seals and opens no provider credential: against an external
     * database it runs without {@code TUCO_SECRET_KEY}, and anything that would use the key stops naming it.
     */
    public static Tuco openWithoutSecrets(Config config, Clock clock) {
        return open(config, clock, dispatchSettings(config), false);
    }

    /**
     * As {@link #open(Config, Clock, DispatchSettings)}, with {@code overrides} replacing bindings of the production
     * modules (tests bind their own providers: a {@code ProviderDirectory} and {@code LineContexts}).
     */
    public static Tuco open(Config config, Clock clock, DispatchSettings dispatch, Module overrides) {
        return open(config, clock, dispatch, true, overrides);
    }

    private static Tuco open(Config config, Clock clock, DispatchSettings dispatch, boolean usesSecrets) {
        return open(config, clock, dispatch, usesSecrets, null);
    }

    private static Tuco open(Config config, Clock clock, DispatchSettings dispatch, boolean usesSecrets, Module overrides) {
        if (usesSecrets && !config.embedded()) {
            Database.secretKey(config); // a missing key stops the process before it connects
        }
        Database database = Database.open(config);
        try {
            SecretBox secrets = usesSecrets || config.embedded() || config.secretKey().isPresent()
                    ? new SecretBox(Database.secretKey(config), config.previousSecretKeys().toArray(byte[][]::new))
                    : SecretBox.unavailable(Database::missingSecretKey);
            Module production = Modules.combine(
                    new PersistenceModule(database.dataSource(), secrets, config.publicUrl()),
                    new ApplicationModule(clock, config.readCacheTtl(), config.clerkAutoProvision(), config.exportPageSize(),
                            new ApplicationModule.AcceptBatching(config.acceptWriters(), config.acceptBatchMax(), config.acceptLinger())),
                    new HttpModule(config),
                    new DispatchModule(database.dataSource(), dispatch, config.dispatchThreads()),
                    new ProvidersModule(config.pluginsDir()),
                    new ProviderHooksModule(config.publicUrl()),
                    new MetricsModule(),
                    new NetworkModule(config.allowPrivateNetworks()),
                    new WebhookModule(database.dataSource(), WebhookSettings.defaults(config.webhookAllowHttp())),
                    new ReplyModule(config.publicUrl(), () -> Database.secretKey(config)));
            Injector injector = Guice.createInjector(Stage.PRODUCTION,
                    overrides == null ? production : Modules.override(production).with(overrides));
            database.dataSource().setMetricsTrackerFactory(
                    new MicrometerMetricsTrackerFactory(injector.getInstance(MicrometerMetrics.class).registry()));
            return new Tuco(config, database, injector);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    public <T> T get(Class<T> type) {
        return injector.getInstance(type);
    }

    /** Seeds the demo workspace when TUCO_DEMO is on and the database is empty. */
    public Optional<SeedDemoUseCase.DemoSeed> seedDemoIfEnabled() {
        return config.demo() ? get(SeedDemoUseCase.class).seedIfEmpty() : Optional.empty();
    }

    public synchronized HttpServer startHttp() {
        if (http == null) {
            http = get(HttpServer.class).start();
            LOG.info("listening on port {}", http.port());
            housekeeping = new Housekeeping(get(IdempotencyUseCase.class), get(PurgeAuditLogUseCase.class), config.auditRetention());
            // other nodes' key revocations, workspace status changes and line updates empty this node's read caches
            changes = new PgListener(database.dataSource(), PgChangeNotices.CHANNEL,
                    "cached keys and lines expire after TUCO_READ_CACHE_MILLIS instead", () -> {
                        get(ReadCaches.class).clear();
                        get(JdbiLineContexts.class).clear();
                    });
            changes.start();
            if (config.dispatchEnabled()) {
                startDispatchers();
            }
        }
        return http;
    }

    /** Starts this node's dispatcher threads (done by {@link #startHttp} when TUCO_DISPATCH_ENABLED is on). */
    public synchronized void startDispatchers() {
        if (dispatchers == null) {
            dispatchers = get(Dispatchers.class);
            dispatchers.start();
            providerJobs = get(ProviderJobs.class);
            providerJobs.start();
        }
        // beside the dispatchers, on their own threads: a slow receiver never holds a dispatcher
        if (webhooks == null) {
            webhooks = get(WebhookWorkers.class);
            webhooks.start();
        }
    }

    public Config config() {
        return config;
    }

    /**
     * Lets the hooks queued by line writes (provider registration, the first health check) finish, bounded by one
     * provider call, before the pool closes: a CLI {@code line create} used to exit under its own check.
     */
    private void finishLineHooks() {
        ExecutorService hooks = injector.getInstance(Key.get(ExecutorService.class, ProviderHooksModule.LineHooks.class));
        hooks.shutdown();
        try {
            if (!hooks.awaitTermination(get(DispatchSettings.class).providerTimeout().plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("line hooks still running at shutdown were stopped; the lines' next health checks repeat them");
                hooks.shutdownNow();
            }
        } catch (InterruptedException e) {
            hooks.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops accepting requests, lets in-flight ones finish, then closes the pool and the embedded database. */
    @Override
    public synchronized void close() {
        if (http != null) {
            http.stop();
            http = null;
        }
        if (housekeeping != null) {
            housekeeping.close();
            housekeeping = null;
        }
        if (changes != null) {
            changes.close();
            changes = null;
        }
        if (providerJobs != null) {
            providerJobs.close();
            providerJobs = null;
        }
        // Before the pool closes: the send in progress finishes, unstarted claims go back to the queue.
        if (dispatchers != null) {
            dispatchers.close();
            dispatchers = null;
        }
        if (webhooks != null) {
            webhooks.close();
            webhooks = null;
        }
        get(SendMessageService.class).close(); // accepts still queued are written (HTTP has stopped: no new ones)
        finishLineHooks();
        get(PgDispatchNotifier.class).close();
        get(WebhookWakeup.class).close();
        database.close();
        get(MicrometerMetrics.class).close();
    }
}
