package ai.tuco.archfixture.serviceimport.application.dispatch;

import ai.tuco.archfixture.serviceimport.application.message.SendMessageService;

/** Breaks: one capability calling another capability's service, not its port. */
public final class DispatchService {
    public void dispatch(SendMessageService messages) {
        messages.send();
    }
}
