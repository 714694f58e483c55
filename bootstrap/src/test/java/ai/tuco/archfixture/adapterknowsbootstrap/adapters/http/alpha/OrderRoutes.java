package ai.tuco.archfixture.adapterknowsbootstrap.adapters.http.alpha;

import ai.tuco.archfixture.adapterknowsbootstrap.bootstrap.Wiring;

/** Breaks: an adapter reading bootstrap. */
public final class OrderRoutes {
    public String wiring() {
        return Wiring.value();
    }
}
