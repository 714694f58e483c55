package ai.tuco.archfixture.wellformed.application.beta;

import ai.tuco.archfixture.wellformed.application.alpha.port.out.OrderStore;
import ai.tuco.archfixture.wellformed.application.shared.Helper;
import ai.tuco.archfixture.wellformed.domain.Order;

/** Another capability, reaching alpha through its outbound port and shared through its root helper. */
public final class ShipOrderService {
    private final OrderStore store;

    public ShipOrderService(OrderStore store) {
        this.store = store;
    }

    public void ship(String id) {
        store.save(new Order(Helper.trim(id)));
    }
}
