package ai.tuco.archfixture.httpcycle.adapters.http.alpha;

import ai.tuco.archfixture.httpcycle.adapters.http.beta.BetaRoutes;

/** Breaks: two HTTP capabilities ... */
public final class AlphaRoutes {
    public void route(BetaRoutes beta) {
    }
}
