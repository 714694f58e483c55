package ai.tuco.archfixture.capabilitycycle.application.beta;

import ai.tuco.archfixture.capabilitycycle.application.alpha.port.out.AlphaPort;

/** ... and beta needs alpha: a cycle, though each goes through ports. */
public final class BetaService {
    public void run(AlphaPort alpha) {
        alpha.call();
    }
}
