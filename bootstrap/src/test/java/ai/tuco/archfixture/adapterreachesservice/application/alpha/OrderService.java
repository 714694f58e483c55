package ai.tuco.archfixture.adapterreachesservice.application.alpha;

public final class OrderService {
    public void place() {
    }
}
