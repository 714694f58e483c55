package ai.tuco.application.dispatch;

import static ai.tuco.application.testing.TestData.NOW;
import static ai.tuco.application.testing.TestData.PHONE;
import static ai.tuco.application.testing.TestData.lead;
import static ai.tuco.application.testing.TestData.line;
import static ai.tuco.application.testing.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Claim;
import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Outcome;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageEvent;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The send and record steps: what each provider answer becomes, fenced by the claim's lease. */
class SendAndRecordTest {
    private static final String ALTERNATE = "+15551230002";

    private final DispatchFixture f = new DispatchFixture();
    private final Line line = f.lines.add(line("bbbbbbbbbbbbbbbbbbbb0001", Channel.IMESSAGE, Channel.SMS));
    private final Lead ada = f.leads.add(lead("cccccccccccccccccccc0001", List.of(new E164Phone(ALTERNATE)), Map.of()));
    private final Message m = f.messages.add(message("dddddddddddddddddddd0001").from(line).to(ada).build());

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void givenProviderAccepts_send_marksSentWithTheProvidersIdAndTheRenderedText() {
        f.sender.takesIMessage(PHONE).answers(new SendOutcome.Accepted("ext-9"));

        assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.SENT);

        Message sent = f.messages.get(m.id());
        assertThat(sent.status()).isEqualTo(MessageStatus.SENT);
        assertThat(sent.externalMessageId()).contains("ext-9");
        assertThat(sent.renderedMessage()).contains("Hi Ada");
        assertThat(sent.sentAt()).contains(NOW);
        assertThat(f.messages.isQueued(m.id())).isFalse();
        assertThat(f.gate.refunds()).isEmpty();
        assertThat(f.sender.sent()).singleElement().satisfies(o -> {
            assertThat(o.to()).isEqualTo(PHONE);
            assertThat(o.text()).isEqualTo("Hi Ada");
        });
    }

    @Test
    void givenOnlyTheAlternatePhoneTakesIMessage_send_goesToItAfterAskingInOrder() {
        f.sender.takesIMessage(ALTERNATE);

        assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.SENT);

        assertThat(f.sender.availabilityAsked()).containsExactly(PHONE, ALTERNATE);
        assertThat(f.sender.sent()).singleElement().satisfies(o -> assertThat(o.to()).isEqualTo(ALTERNATE));
    }

    @Test
    void givenNoAddressTakesIMessage_send_recordsFallbackWithTheCheckedAddresses() {
        assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.FALLBACK);

        Message fallback = f.messages.get(m.id());
        assertThat(fallback.status()).isEqualTo(MessageStatus.FALLBACK);
        assertThat(fallback.checkedAddresses()).containsExactly(PHONE, ALTERNATE);
        assertThat(fallback.errorCode()).contains("IMESSAGE_UNAVAILABLE");
        assertThat(fallback.errorMessage()).contains("No address of the recipient can receive iMessage");
        assertThat(f.sender.sent()).isEmpty();
        assertThat(f.gate.refunds()).containsExactly(line.id());
        assertThat(f.messages.isQueued(m.id())).isFalse();
    }

    @Test
    void givenRetryableRejections_send_queuesAgainWithDoublingBackoffThenFailsAtTheLastAttempt() {
        f.sender.takesIMessage(PHONE).answers(SendOutcome.Rejected.retryable("RATE_LIMITED", "slow down", Optional.empty()));

        assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.RETRY);
        Message retry = f.messages.get(m.id());
        assertThat(retry.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(retry.dueAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(retry.errorCode()).contains("RATE_LIMITED");
        assertThat(f.messages.queueRow(m.id()).orElseThrow().owner).isNull();
        assertThat(f.messages.queueRow(m.id()).orElseThrow().dueAt).isEqualTo(NOW.plusSeconds(5));

        f.clock.advance(Duration.ofSeconds(5));
        assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.RETRY);
        assertThat(f.messages.get(m.id()).dueAt()).isEqualTo(NOW.plusSeconds(5 + 10));

        f.clock.advance(Duration.ofSeconds(10));
        assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.FAILED);
        Message failed = f.messages.get(m.id());
        assertThat(failed.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(failed.errorCode()).contains("RATE_LIMITED");
        assertThat(f.messages.isQueued(m.id())).isFalse();
        assertThat(f.gate.refunds()).hasSize(3);
    }

    @Test
    void givenPermanentRejection_send_failsAtOnceWithTheProvidersReason() {
        f.sender.takesIMessage(PHONE).answers(SendOutcome.Rejected.permanent("INVALID_NUMBER", "no such number"));

        assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.FAILED);

        Message failed = f.messages.get(m.id());
        assertThat(failed.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(failed.errorCode()).contains("INVALID_NUMBER");
        assertThat(failed.errorMessage()).contains("no such number");
        assertThat(f.gate.refunds()).containsExactly(line.id());
    }

    @Test
    void givenProviderThrows_send_retriesWithProviderError() {
        f.sender.takesIMessage(PHONE).throwsOnSend(new IllegalStateException("socket closed"));

        assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.RETRY);

        assertThat(f.messages.get(m.id()).errorCode()).contains("PROVIDER_ERROR");
        assertThat(f.messages.get(m.id()).errorMessage()).contains("IllegalStateException: socket closed");
    }

    @Test
    void givenLeaseLostDuringTheSend_send_recordsNothing() {
        f.sender.takesIMessage(PHONE).answers(SendOutcome.Rejected.permanent("INVALID_NUMBER", "no such number"));
        Claim claim = f.claimOne();
        int recordedBefore = f.messages.recorded().size();
        f.queue.loseLease(m.id());

        assertThat(f.dispatch.send(claim)).isEqualTo(Outcome.LEASE_LOST);

        assertThat(f.messages.get(m.id()).status()).isEqualTo(MessageStatus.SENDING);
        assertThat(f.messages.recorded()).hasSize(recordedBefore);
        assertThat(f.gate.refunds()).isEmpty();
    }

    @Test
    void givenProviderDeliveredBeforeOurSentWasRecorded_send_fillsInTheSendDetails() {
        f.sender.takesIMessage(PHONE).answers(new SendOutcome.Accepted("ext-9"));
        Claim claim = f.claimOne();
        // the provider's "delivered" commits first and removes the queue row
        f.messages.recordTransition(f.messages.get(m.id()).markDelivered(NOW));

        assertThat(f.dispatch.send(claim)).isEqualTo(Outcome.SENT);

        Message stored = f.messages.get(m.id());
        assertThat(stored.status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(stored.externalMessageId()).contains("ext-9");
        assertThat(f.messages.history(m.id()).get(3).type()).isEqualTo(MessageEvent.SEND_RECORDED);
    }

    @Test
    void backoff_doublesPerAttemptUpToTheMaximum() {
        assertThat(f.outcomes.backoff(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(f.outcomes.backoff(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(f.outcomes.backoff(4)).isEqualTo(Duration.ofSeconds(40));
        assertThat(f.outcomes.backoff(30)).isEqualTo(Duration.ofMinutes(15));
        assertThat(f.outcomes.backoff(100)).isEqualTo(Duration.ofMinutes(15));
    }
}
