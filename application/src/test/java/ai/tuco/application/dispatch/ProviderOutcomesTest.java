package ai.tuco.application.dispatch;

import static ai.tuco.application.testing.TestData.NOW;
import static ai.tuco.application.testing.TestData.PHONE;
import static ai.tuco.application.testing.TestData.lead;
import static ai.tuco.application.testing.TestData.line;
import static ai.tuco.application.testing.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Outcome;
import ai.tuco.application.provider.port.out.ProviderCalls;
import ai.tuco.application.provider.port.out.spi.Reconciliation;
import ai.tuco.application.provider.port.out.spi.SendOutcome;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import ai.tuco.application.testing.FakeProviders;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What each {@link SendOutcome} of the provider SPI becomes, and how an unknown outcome is reconciled. */
class ProviderOutcomesTest {
    private final DispatchFixture f = new DispatchFixture();
    private final Line line = f.lines.add(line("bbbbbbbbbbbbbbbbbbbb0001", Channel.SMS));
    private final Lead ada = f.leads.add(lead("cccccccccccccccccccc0001", List.of(new E164Phone("+15551230002")), Map.of()));
    private final Message m = f.messages.add(message("dddddddddddddddddddd0001").from(line).to(ada).channel(Channel.SMS).build());

    @AfterEach
    void close() {
        f.close();
    }

    private int sendAttempts() {
        return f.messages.queueRow(m.id()).map(r -> r.sendAttempts).orElse(-1);
    }

    @Test
    void aRetryAfterLongerThanTheBackoff_isHonoured() {
        f.sender.answers(SendOutcome.Rejected.retryable("429", "Too many requests", Optional.of(Duration.ofSeconds(90))));

        assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.RETRY);

        assertThat(f.messages.get(m.id()).dueAt()).isEqualTo(NOW.plusSeconds(90)); // the backoff alone says 5 s
        assertThat(f.messages.queueRow(m.id()).orElseThrow().dueAt).isEqualTo(NOW.plusSeconds(90));
    }

    @Test
    void aRetryAfterShorterThanTheBackoff_keepsTheBackoff() {
        f.sender.answers(SendOutcome.Rejected.retryable("429", "Too many requests", Optional.of(Duration.ofSeconds(1))));

        assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.RETRY);

        assertThat(f.messages.get(m.id()).dueAt()).isEqualTo(NOW.plusSeconds(5));
    }

    @Test
    void aRecipientWhoOptedOut_failsTheMessageAndGoesOnTheDoNotContactList() {
        f.sender.answers(SendOutcome.Rejected.optedOut("21610", "Attempt to send to unsubscribed recipient"));

        assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.FAILED);

        Message failed = f.messages.get(m.id());
        assertThat(failed.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(failed.errorCode()).contains("21610");
        assertThat(failed.errorMessage()).contains("Attempt to send to unsubscribed recipient");
        assertThat(f.dnc.entries()).singleElement().satisfies(e -> {
            assertThat(e.workspaceId()).isEqualTo(m.workspaceId());
            assertThat(e.phone()).contains(new E164Phone(PHONE));
            assertThat(e.source()).isEqualTo("provider");
            assertThat(e.reason()).contains("21610");
        });
    }

    @Test
    void aPermanentRejection_addsNothingToTheDoNotContactList() {
        f.sender.answers(SendOutcome.Rejected.permanent("21211", "Invalid 'To' Phone Number"));

        assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.FAILED);

        assertThat(f.messages.get(m.id()).errorCode()).contains("21211");
        assertThat(f.dnc.entries()).isEmpty();
    }

    @Test
    void refusedCredentials_markTheLineUnhealthyAndQueueTheMessageAgainWithoutUsingAnAttempt() {
        f.sender.answers(new SendOutcome.CredentialsRejected("20003", "Authenticate"));

        assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.RETRY);

        Message queued = f.messages.get(m.id());
        assertThat(queued.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(queued.errorCode()).contains("20003");
        assertThat(f.messages.queueRow(m.id()).orElseThrow().owner).isNull();
        assertThat(f.messages.queueRow(m.id()).orElseThrow().dueAt).isEqualTo(NOW);
        assertThat(sendAttempts()).isZero();
        assertThat(f.gate.refunds()).containsExactly(line.id());
        assertThat(f.health.writes()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(line.id());
            assertThat(w.healthy()).isFalse();
            assertThat(w.reason()).contains("20003");
            assertThat(w.at()).isEqualTo(NOW);
        });

        // a campaign is not burnt: however often the credentials are refused, no attempt is used up
        for (int i = 0; i < 5; i++) {
            assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.RETRY);
        }
        assertThat(sendAttempts()).isZero();
        assertThat(f.messages.get(m.id()).status()).isEqualTo(MessageStatus.QUEUED);
    }

    @Test
    void anUnknownOutcome_thatTheProviderFinds_isSentWithWhatItSaidOfIt() {
        f.sender.answers(new SendOutcome.Unknown("read timed out"))
                .reconciles(new Reconciliation.Found("SM123", Optional.of(StatusUpdate.byExternalId("SM123", StatusUpdate.Kind.DELIVERED))));

        assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.SENT);

        Message done = f.messages.get(m.id());
        assertThat(done.status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(done.externalMessageId()).contains("SM123");
        assertThat(f.sender.sent()).hasSize(1);
        assertThat(f.sender.reconciled()).singleElement().satisfies(r -> assertThat(r.messageId()).isEqualTo(m.id()));
    }

    @Test
    void anUnknownOutcome_thatTheProviderConfirmsItDoesNotHave_isSentAgain() {
        f.sender.answers(new SendOutcome.Unknown("connection reset after the request"))
                .answers(new SendOutcome.Accepted("SM2"))
                .reconciles(new Reconciliation.NotFound());

        assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.RETRY);
        assertThat(f.messages.get(m.id()).errorCode()).contains(SendClaimed.OUTCOME_UNKNOWN);
        f.clock.advance(Duration.ofSeconds(5));
        assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.SENT);

        assertThat(f.messages.get(m.id()).externalMessageId()).contains("SM2");
        assertThat(f.sender.sent()).hasSize(2);
    }

    @Test
    void anUnknownOutcome_thatTheProviderCannotTell_failsWithoutResending() {
        f.sender.answers(new SendOutcome.Unknown("garbage body")); // reconcile: the SPI's default, cannot tell

        assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.FAILED);

        Message failed = f.messages.get(m.id());
        assertThat(failed.errorCode()).contains("PROVIDER_OUTCOME_UNKNOWN");
        assertThat(failed.errorMessage()).hasValueSatisfying(t -> assertThat(t).contains("garbage body"));
        assertThat(f.messages.isQueued(m.id())).isFalse();
        assertThat(f.sender.sent()).hasSize(1);
    }

    @Test
    void aReconciliationThatThrows_cannotTell() {
        f.sender.answers(new SendOutcome.Unknown("read timed out"))
                .reconcilesWith(() -> {
                    throw new IllegalStateException("lookup failed");
                });

        assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.FAILED);
        assertThat(f.messages.get(m.id()).errorCode()).contains("PROVIDER_OUTCOME_UNKNOWN");
    }

    @Test
    void aSendCutOffByTheProviderTimeout_isUnknownAndReconciledBeforeAnyResend() {
        CountDownLatch never = new CountDownLatch(1);
        f.sender.answersWith(() -> {
            never.await(); // the request went out; no answer comes before the bound
            return new SendOutcome.Accepted("late");
        }).reconciles(new Reconciliation.Found("SM9", Optional.empty()));
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            SendClaimed shortBound = new SendClaimed(FakeProviders.standard(f.sender), f.contexts,
                    new ProviderCalls(pool, Duration.ofMillis(200)));
            SendClaimed.Attempt attempt = shortBound.send(f.claimOne());

            assertThat(attempt.result()).isEqualTo(new SendClaimed.Result.Sent("SM9", Optional.empty()));
            assertThat(f.sender.reconciled()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLineWhoseProviderIsNotLoaded_failsNotSupportedWithoutUsingAnAttempt() {
        Line plugin = new Line(line.id(), line.workspaceId(), line.name(), line.phone(), line.email(), "", "", true,
                line.channels(), new Provider("carrier-pigeon"), Optional.empty(), 0, line.caps(), line.createdAt(), line.updatedAt());
        f.lines.update(plugin, Optional.empty());

        assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.FAILED);

        assertThat(f.messages.get(m.id()).errorCode()).contains("PROVIDER_NOT_SUPPORTED");
        assertThat(f.messages.get(m.id()).errorMessage()).hasValueSatisfying(t -> assertThat(t).contains("carrier-pigeon"));
        assertThat(f.sender.sent()).isEmpty();
    }

    @Test
    void aConfigurationThatCannotBeOpened_retriesAndUsesAnAttempt() {
        f.contexts.breakIt();

        assertThat(f.dispatch.send(f.claimOne())).isEqualTo(Outcome.RETRY);

        assertThat(f.messages.get(m.id()).errorCode()).contains(SendClaimed.CONFIG_UNAVAILABLE);
        assertThat(sendAttempts()).isEqualTo(1);
        assertThat(f.sender.sent()).isEmpty();
    }

    @Test
    void anIMessageProviderThatCannotCheckAvailability_sendsToTheFirstAddress() {
        Line imessage = f.lines.add(line("bbbbbbbbbbbbbbbbbbbb0002", Channel.IMESSAGE));
        f.messages.add(message("dddddddddddddddddddd0002").from(imessage).to(ada).build());
        f.sender.cannotCheckAvailability();

        f.claim().forEach(f.dispatch::send);

        assertThat(f.sender.availabilityAsked()).containsExactly(PHONE);
        assertThat(f.sender.sent()).extracting(r -> r.to()).containsExactlyInAnyOrder(PHONE, PHONE);
    }
}
