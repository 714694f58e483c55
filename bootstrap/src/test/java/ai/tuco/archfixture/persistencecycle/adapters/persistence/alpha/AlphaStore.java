package ai.tuco.archfixture.persistencecycle.adapters.persistence.alpha;

import ai.tuco.archfixture.persistencecycle.adapters.persistence.beta.BetaStore;

/** Breaks: two persistence capabilities ... */
public final class AlphaStore {
    public void save(BetaStore beta) {
    }
}
