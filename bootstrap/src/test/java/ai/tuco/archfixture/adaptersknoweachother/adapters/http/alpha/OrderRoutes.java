package ai.tuco.archfixture.adaptersknoweachother.adapters.http.alpha;

import ai.tuco.archfixture.adaptersknoweachother.adapters.persistence.alpha.OrderStore;

/** Breaks: the HTTP adapter calling the persistence adapter. */
public final class OrderRoutes {
    public void place(OrderStore store) {
        store.save();
    }
}
