package ai.tuco.archfixture.wellformed.application.alpha.port.in;

import ai.tuco.archfixture.wellformed.domain.Order;

public interface PlaceOrderUseCase {
    Order place(String id);
}
