package ai.tuco.archfixture.portinknowsportout.application.alpha.port.out;

public interface OrderStore {
    void save(String id);
}
