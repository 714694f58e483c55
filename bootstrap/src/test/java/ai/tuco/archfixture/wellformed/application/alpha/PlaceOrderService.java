package ai.tuco.archfixture.wellformed.application.alpha;

import ai.tuco.archfixture.wellformed.application.alpha.port.in.PlaceOrderUseCase;
import ai.tuco.archfixture.wellformed.application.alpha.port.out.OrderStore;
import ai.tuco.archfixture.wellformed.application.shared.Helper;
import ai.tuco.archfixture.wellformed.domain.Order;

public final class PlaceOrderService implements PlaceOrderUseCase {
    private final OrderStore store;

    public PlaceOrderService(OrderStore store) {
        this.store = store;
    }

    @Override
    public Order place(String id) {
        Order order = new Order(Helper.trim(id));
        store.save(order);
        return order;
    }
}
