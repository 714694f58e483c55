package ai.tuco.archfixture.capabilitycycle.application.beta.port.out;

public interface BetaPort {
    void call();
}
