package ai.tuco.archfixture.wellformed.adapters.http.alpha;

import ai.tuco.archfixture.wellformed.adapters.http.shared.Errors;
import ai.tuco.archfixture.wellformed.application.alpha.port.in.PlaceOrderUseCase;
import io.javalin.http.Context;

public final class OrderRoutes {
    private final PlaceOrderUseCase placeOrder;

    public OrderRoutes(PlaceOrderUseCase placeOrder) {
        this.placeOrder = placeOrder;
    }

    public void place(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.result(id.isBlank() ? Errors.notFound() : placeOrder.place(id).id());
    }
}
