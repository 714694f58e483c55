package ai.tuco.archfixture.adaptersknoweachother.adapters.persistence.alpha;

public final class OrderStore {
    public void save() {
    }
}
