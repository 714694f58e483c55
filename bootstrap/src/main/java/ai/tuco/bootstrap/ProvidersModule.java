package ai.tuco.bootstrap;

import ai.tuco.adapters.delivery.bluebubbles.BlueBubblesProvider;
import ai.tuco.adapters.delivery.net.GuardedSocketFactory;
import ai.tuco.adapters.delivery.sandbox.SandboxProvider;
import ai.tuco.adapters.delivery.smtp.SmtpProvider;
import ai.tuco.adapters.delivery.twilio.TwilioProvider;
import ai.tuco.application.dispatch.DispatchSettings;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase;
import ai.tuco.application.provider.GroupedSandboxStore;
import ai.tuco.application.provider.port.out.SandboxStore;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.ProviderDirectory;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * The providers lines can send through: the built-ins, one multibinder entry each (sandbox, BlueBubbles, Twilio, SMTP;
 * the network ones over the SSRF-guarded client and sockets of {@link NetworkModule}), then the plugins of
 * {@code TUCO_PLUGINS_DIR}, all behind one {@link ProviderDirectory}.
 */
final class ProvidersModule extends AbstractModule {
    private final Optional<Path> pluginsDir;

    ProvidersModule(Optional<Path> pluginsDir) {
        this.pluginsDir = pluginsDir;
    }

    @Override
    protected void configure() {
        Multibinder<MessagingProvider> builtIns = Multibinder.newSetBinder(binder(), MessagingProvider.class);
        builtIns.addBinding().to(SandboxProvider.class);
        builtIns.addBinding().to(BlueBubblesProvider.class);
        builtIns.addBinding().to(TwilioProvider.class);
        builtIns.addBinding().to(SmtpProvider.class);
    }

    /**
     * The guarded client with the provider timeout as its read/write bound (each call is also bounded by
     * {@code ProviderCalls}): a call that outlives it is an unknown outcome, reconciled before any resend.
     */
    private static OkHttpClient providerHttp(OkHttpClient guarded, DispatchSettings settings) {
        Duration timeout = settings.providerTimeout();
        return guarded.newBuilder().connectTimeout(Duration.ofSeconds(5)).readTimeout(timeout).writeTimeout(timeout)
                .callTimeout(timeout.plusSeconds(1)).build();
    }

    @Provides @Singleton BlueBubblesProvider blueBubbles(OkHttpClient guarded, DispatchSettings settings, Clock clock) {
        return new BlueBubblesProvider(providerHttp(guarded, settings), clock);
    }

    @Provides @Singleton TwilioProvider twilio(OkHttpClient guarded, DispatchSettings settings, Clock clock) {
        return new TwilioProvider(providerHttp(guarded, settings), clock);
    }

    @Provides @Singleton SmtpProvider smtp(GuardedSocketFactory sockets, DispatchSettings settings, Clock clock) {
        return new SmtpProvider(sockets, settings.providerTimeout(), clock);
    }

    @Provides @Singleton SandboxProvider sandbox(SandboxStore store, Clock clock, DispatchSettings settings) {
        // sends on many lines at the same moment share one statement (ADR 26)
        return new SandboxProvider(new GroupedSandboxStore(store), clock, settings.sandboxDeliveryDelay(), settings.sandboxSlowDelay());
    }

    /** Built-ins in binding order (a multibinder keeps it), then plugins; logged as they load. */
    @Provides @Singleton ProviderDirectory providers(Set<MessagingProvider> builtIns) {
        return LoadedProviders.load(List.copyOf(builtIns), pluginsDir);
    }

    @Provides @Singleton ProviderPolls polls(ProviderDirectory providers, RecordProviderEventUseCase events) {
        return new ProviderPolls(providers, events);
    }
}
