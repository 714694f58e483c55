package ai.tuco.archfixture.capabilitycycle.application.alpha.port.out;

public interface AlphaPort {
    void call();
}
