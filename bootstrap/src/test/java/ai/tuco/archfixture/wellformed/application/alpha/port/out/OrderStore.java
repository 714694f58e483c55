package ai.tuco.archfixture.wellformed.application.alpha.port.out;

import ai.tuco.archfixture.wellformed.domain.Order;

public interface OrderStore {
    void save(Order order);
}
