package ai.tuco.archfixture.wellformed.bootstrap;

import ai.tuco.archfixture.wellformed.adapters.persistence.alpha.JdbiOrderStore;
import ai.tuco.archfixture.wellformed.application.alpha.PlaceOrderService;
import ai.tuco.archfixture.wellformed.application.alpha.port.in.PlaceOrderUseCase;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import org.jdbi.v3.core.Jdbi;

/** Only bootstrap sees the services and wires them with Guice. */
public final class FixtureModule extends AbstractModule {
    @Provides
    PlaceOrderUseCase placeOrder(Jdbi jdbi) {
        return new PlaceOrderService(new JdbiOrderStore(jdbi));
    }
}
