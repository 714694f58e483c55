package ai.tuco.archfixture.capabilitycycle.application.alpha;

import ai.tuco.archfixture.capabilitycycle.application.beta.port.out.BetaPort;

/** Breaks: alpha needs beta (through a port) ... */
public final class AlphaService {
    public void run(BetaPort beta) {
        beta.call();
    }
}
