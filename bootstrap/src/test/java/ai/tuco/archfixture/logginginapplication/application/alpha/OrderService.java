package ai.tuco.archfixture.logginginapplication.application.alpha;

import java.util.logging.Logger;

/** Breaks: java.util.logging in the application. */
public final class OrderService {
    private static final Logger LOG = Logger.getLogger(OrderService.class.getName());

    public void place() {
        LOG.info("placed");
    }
}
