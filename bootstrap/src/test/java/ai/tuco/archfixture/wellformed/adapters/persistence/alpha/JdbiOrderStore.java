package ai.tuco.archfixture.wellformed.adapters.persistence.alpha;

import ai.tuco.archfixture.wellformed.adapters.persistence.shared.Rows;
import ai.tuco.archfixture.wellformed.application.alpha.port.out.OrderStore;
import ai.tuco.archfixture.wellformed.domain.Order;
import org.jdbi.v3.core.Jdbi;

public final class JdbiOrderStore implements OrderStore {
    private final Jdbi jdbi;

    public JdbiOrderStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void save(Order order) {
        jdbi.useHandle(h -> h.execute("INSERT INTO orders (" + Rows.column("id") + ") VALUES (?)", order.id()));
    }
}
