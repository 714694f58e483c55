package ai.tuco.archfixture.portoutknowsportin.application.alpha.port.out;

import ai.tuco.archfixture.portoutknowsportin.application.alpha.port.in.PlaceOrderCommand;

/** Breaks: an outbound port using an inbound port. */
public interface OrderStore {
    void save(PlaceOrderCommand command);
}
