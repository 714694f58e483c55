package ai.tuco.application.message.port.in;

import ai.tuco.domain.shared.LeadId;

/** Accepts a message: stores it, its first event and its place in the dispatch queue, all or nothing. */
public interface SendMessageUseCase {
    SentMessage send(SendMessageCommand command);

    /** @param duplicateOnly true when the message went to a lead that already existed (none was created) */
    record SentMessage(MessageView message, LeadId leadId, boolean duplicateOnly) {}
}
