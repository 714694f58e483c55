package ai.tuco.bootstrap;

import ai.tuco.adapters.delivery.pending.DeclaredProvider;
import ai.tuco.adapters.delivery.sandbox.SandboxProvider;
import ai.tuco.application.dispatch.DispatchSettings;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase;
import ai.tuco.application.provider.port.out.SandboxStore;
import ai.tuco.application.provider.port.out.spi.MessagingProvider;
import ai.tuco.application.provider.port.out.spi.ProviderDirectory;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The providers lines can send through: the built-ins, one multibinder entry each (the sandbox, and stand-ins for
 * BlueBubbles, Twilio and SMTP until their clients are bound in their place), then the plugins of
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
        builtIns.addBinding().toInstance(DeclaredProvider.bluebubbles());
        builtIns.addBinding().toInstance(DeclaredProvider.twilio());
        builtIns.addBinding().toInstance(DeclaredProvider.smtp());
    }

    @Provides @Singleton SandboxProvider sandbox(SandboxStore store, Clock clock, DispatchSettings settings) {
        return new SandboxProvider(store, clock, settings.sandboxDeliveryDelay(), settings.sandboxSlowDelay());
    }

    /** Built-ins in binding order (a multibinder keeps it), then plugins; logged as they load. */
    @Provides @Singleton ProviderDirectory providers(Set<MessagingProvider> builtIns) {
        return LoadedProviders.load(List.copyOf(builtIns), pluginsDir);
    }

    @Provides @Singleton ProviderPolls polls(ProviderDirectory providers, RecordProviderEventUseCase events) {
        return new ProviderPolls(providers, events);
    }
}
