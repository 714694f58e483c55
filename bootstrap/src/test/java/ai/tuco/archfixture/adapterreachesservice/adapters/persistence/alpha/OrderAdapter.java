package ai.tuco.archfixture.adapterreachesservice.adapters.persistence.alpha;

import ai.tuco.archfixture.adapterreachesservice.application.alpha.OrderService;

/** Breaks: an adapter calling a service instead of a port. */
public final class OrderAdapter {
    public void place(OrderService service) {
        service.place();
    }
}
