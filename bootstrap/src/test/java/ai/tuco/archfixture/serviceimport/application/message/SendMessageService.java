package ai.tuco.archfixture.serviceimport.application.message;

public final class SendMessageService {
    public void send() {
    }
}
