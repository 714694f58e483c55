package ai.tuco.archfixture.httpcycle.adapters.http.beta;

import ai.tuco.archfixture.httpcycle.adapters.http.alpha.AlphaRoutes;

/** ... that need each other. */
public final class BetaRoutes {
    public void route(AlphaRoutes alpha) {
    }
}
