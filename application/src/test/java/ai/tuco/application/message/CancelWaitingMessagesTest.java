package ai.tuco.application.message;

import static ai.tuco.application.testing.TestData.NOW;
import static ai.tuco.application.testing.TestData.WORKSPACE;
import static ai.tuco.application.testing.TestData.lead;
import static ai.tuco.application.testing.TestData.line;
import static ai.tuco.application.testing.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.testing.InMemoryMessages;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageEvent;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.shared.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CancelWaitingMessagesTest {
    private static final Instant LATER = NOW.plusSeconds(30);

    private final InMemoryMessages messages = new InMemoryMessages();
    private final CancelWaitingMessages cancel = new CancelWaitingMessages(messages);
    private final Line line = line("bbbbbbbbbbbbbbbbbbbb0001", Channel.IMESSAGE);
    private final Lead deleted = lead("cccccccccccccccccccc0001");
    private final Lead kept = lead("cccccccccccccccccccc0002");

    @Test
    void givenDeletedLeadsWaitingMessages_cancelForLeads_cancelsEachThroughTheDomainInOneWrite() {
        Message queued = messages.add(message("dddddddddddddddddddd0001").from(line).to(deleted).build());
        Message scheduled = messages.add(message("dddddddddddddddddddd0002").from(line).to(deleted)
                .scheduledDate(NOW.plusSeconds(3600)).build());
        Message otherLead = messages.add(message("dddddddddddddddddddd0004").from(line).to(kept).build());
        assertThat(scheduled.status()).isEqualTo(MessageStatus.SCHEDULED);

        int cancelled = cancel.cancelForLeads(WORKSPACE, List.of(deleted.id()), "LEAD_DELETED", "The lead was deleted", LATER);

        assertThat(cancelled).isEqualTo(2);
        assertThat(messages.bulkWrites()).isEqualTo(1);
        for (Message m : List.of(queued, scheduled)) {
            Message stored = messages.get(m.id());
            assertThat(stored.status()).isEqualTo(MessageStatus.CANCELLED);
            assertThat(stored.errorCode()).contains("LEAD_DELETED");
            assertThat(stored.errorMessage()).contains("The lead was deleted");
            assertThat(stored.updatedAt()).isEqualTo(LATER);
            assertThat(messages.isQueued(m.id())).isFalse();
            assertThat(messages.history(m.id())).last().isEqualTo(new MessageEvent(MessageEvent.STATUS_CHANGED,
                    Optional.of(m.status()), MessageStatus.CANCELLED, LATER,
                    Map.of("errorCode", "LEAD_DELETED", "errorMessage", "The lead was deleted")));
        }
        assertThat(messages.get(otherLead.id())).isEqualTo(otherLead);
    }

    @Test
    void givenMessageAlreadyClaimed_cancelForLeads_leavesItToItsDispatcher() {
        Message m = messages.add(message("dddddddddddddddddddd0001").from(line).to(deleted).build());
        messages.recordTransition(m.claim(NOW));

        assertThat(cancel.cancelForLeads(WORKSPACE, List.of(deleted.id()), "LEAD_DELETED", "gone", LATER)).isZero();

        assertThat(messages.get(m.id()).status()).isEqualTo(MessageStatus.SENDING);
        assertThat(messages.bulkWrites()).isZero();
    }

    @Test
    void givenNoLeads_cancelForLeads_writesNothing() {
        messages.add(message("dddddddddddddddddddd0001").from(line).to(deleted).build());

        assertThat(cancel.cancelForLeads(WORKSPACE, List.of(), "LEAD_DELETED", "gone", LATER)).isZero();
        assertThat(messages.recorded()).isEmpty();
    }
}
