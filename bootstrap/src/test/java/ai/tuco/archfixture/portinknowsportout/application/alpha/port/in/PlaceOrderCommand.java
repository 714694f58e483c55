package ai.tuco.archfixture.portinknowsportout.application.alpha.port.in;

import ai.tuco.archfixture.portinknowsportout.application.alpha.port.out.OrderStore;

/** Breaks: an inbound port using an outbound port. */
public record PlaceOrderCommand(String id) {
    public void saveTo(OrderStore store) {
        store.save(id);
    }
}
