package ai.tuco.archfixture.persistencecycle.adapters.persistence.beta;

import ai.tuco.archfixture.persistencecycle.adapters.persistence.alpha.AlphaStore;

/** ... that need each other. */
public final class BetaStore {
    public void save(AlphaStore alpha) {
    }
}
