package ai.tuco.archfixture.portoutknowsportin.application.alpha.port.in;

public record PlaceOrderCommand(String id) {}
