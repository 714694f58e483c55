package ai.tuco.bootstrap.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.dispatch.DispatchSettings;
import ai.tuco.application.dispatch.ProviderEventService;
import ai.tuco.application.dispatch.RecordSendOutcome;
import ai.tuco.application.dispatch.SendClaimed;
import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Claim;
import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Outcome;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase.Kind;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase.ProviderEvent;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase.Result;
import ai.tuco.application.dispatch.port.out.DispatchQueue;
import ai.tuco.application.dispatch.port.out.EarlyUpdates;
import ai.tuco.application.dispatch.port.out.LineGate;
import ai.tuco.application.dispatch.port.out.MessageLookup;
import ai.tuco.application.message.port.in.SendFallbackSmsUseCase;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.provider.port.out.ChannelSender.SendResult;
import ai.tuco.application.provider.port.out.spi.StatusUpdate;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A provider's status callback racing our record of the send, on PostgreSQL: whichever commits first, and however the
 * two transactions interleave, the update is applied exactly once (kept when it came first, taken by the send's
 * record; found by the callback when the record came first; a callback arriving while the record holds the
 * (line, provider id) lock waits for it instead of keeping an update nobody would take).
 */
class EarlyCallbackRaceTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static MutableClock clock = new MutableClock(DispatchHarness.T0);
    static DispatchHarness h;
    static DispatchSettings settings = DispatchHarness.testSettings();
    private static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void start() {
        h = new DispatchHarness(db, clock, settings);
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    private record Sending(LineId line, String messageId, Claim claim, TestWorkspace ws) {}

    /** A message claimed for sending (its send not recorded yet). */
    private Sending claimed() {
        TestWorkspace ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        LeadId lead = h.lead(ws, "Ada", "+1202555" + String.format("%04d", 3000 + SEQ.incrementAndGet()));
        String id = h.send(ws, line, Channel.SMS, lead, "Hello {{firstName}}");
        List<Claim> claims = h.dispatch().claim("race-" + id);
        Claim claim = claims.stream().filter(c -> c.messageId().value().equals(id)).findFirst().orElseThrow();
        return new Sending(line, id, claim, ws);
    }

    private RecordSendOutcome recorder(EarlyUpdates early) {
        return new RecordSendOutcome(h.tuco.get(TransactionRunner.class), h.tuco.get(DispatchQueue.class),
                h.tuco.get(LineGate.class), h.tuco.get(MessageRepository.class), h.tuco.get(SendFallbackSmsUseCase.class),
                settings, clock, () -> 0.5, early);
    }

    private ProviderEventService callbacks(EarlyUpdates early) {
        return new ProviderEventService(h.tuco.get(TransactionRunner.class), h.tuco.get(MessageLookup.class),
                h.tuco.get(MessageRepository.class), clock, h.tuco.get(SendFallbackSmsUseCase.class), early);
    }

    private static EarlyUpdates real() {
        return h.tuco.get(EarlyUpdates.class);
    }

    private static ProviderEvent delivered(String externalId) {
        return new ProviderEvent(Optional.empty(), Optional.of(externalId), Kind.DELIVERED, Optional.empty(), Optional.empty());
    }

    private static SendClaimed.Attempt accepted(String externalId) {
        return new SendClaimed.Attempt(new SendResult.Accepted(externalId), true);
    }

    private static long kept(LineId line) {
        return db.count("SELECT count(*) FROM early_status_updates WHERE line_id = ?", line.value());
    }

    /** Some backend waits for an advisory lock (the pair's). */
    private static void awaitAdvisoryWaiter() {
        await().atMost(Duration.ofSeconds(10)).until(() -> db.count(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'") > 0);
    }

    @Test
    void theCallbackFirst_isKept_andAppliedWhenTheSendIsRecorded() {
        Sending s = claimed();
        String ext = "SM-first-" + s.messageId();

        assertThat(callbacks(real()).recordForLine(s.line(), List.of(delivered(ext)))).containsExactly(Result.KEPT);
        assertThat(h.status(s.ws(), s.messageId())).isEqualTo("sending");

        assertThat(recorder(real()).record(s.claim(), accepted(ext))).isEqualTo(Outcome.SENT);
        assertThat(h.status(s.ws(), s.messageId())).isEqualTo("delivered");
        assertThat(kept(s.line())).isZero();
        assertThat(h.events(s.ws(), s.messageId())).extracting(e -> e.get("toStatus").asText()).containsSubsequence("sent", "delivered");
    }

    @Test
    void theRecordFirst_letsTheCallbackFindTheMessage() {
        Sending s = claimed();
        String ext = "SM-record-" + s.messageId();

        assertThat(recorder(real()).record(s.claim(), accepted(ext))).isEqualTo(Outcome.SENT);
        assertThat(callbacks(real()).recordForLine(s.line(), List.of(delivered(ext)))).containsExactly(Result.APPLIED);
        assertThat(h.status(s.ws(), s.messageId())).isEqualTo("delivered");
        assertThat(kept(s.line())).isZero();
    }

    @Test
    void aRecordArrivingWhileTheCallbackKeepsItsUpdate_waitsAndTakesIt() throws Exception {
        Sending s = claimed();
        String ext = "SM-keep-" + s.messageId();
        CountDownLatch keptNotCommitted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        EarlyUpdates slowKeeper = new Delegating(real()) {
            @Override
            public void keep(LineId line, StatusUpdate update, Instant receivedAt) {
                super.keep(line, update, receivedAt);
                keptNotCommitted.countDown();
                awaitQuietly(release);
            }
        };

        CompletableFuture<List<Result>> callback = CompletableFuture.supplyAsync(
                () -> callbacks(slowKeeper).recordForLine(s.line(), List.of(delivered(ext))));
        assertThat(keptNotCommitted.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Outcome> record = CompletableFuture.supplyAsync(() -> recorder(real()).record(s.claim(), accepted(ext)));
        awaitAdvisoryWaiter();
        assertThat(record).as("the record waits for the callback's pair lock").isNotDone();
        release.countDown();

        assertThat(callback.get(10, TimeUnit.SECONDS)).containsExactly(Result.KEPT);
        assertThat(record.get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.SENT);
        assertThat(h.status(s.ws(), s.messageId())).isEqualTo("delivered");
        assertThat(kept(s.line())).isZero();
    }

    @Test
    void aCallbackArrivingWhileTheRecordHoldsThePair_waitsAndFindsTheMessage() throws Exception {
        Sending s = claimed();
        String ext = "SM-hold-" + s.messageId();
        CountDownLatch takenNotCommitted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        EarlyUpdates slowTaker = new Delegating(real()) {
            @Override
            public List<StatusUpdate> takeFor(LineId line, String externalId) {
                List<StatusUpdate> taken = super.takeFor(line, externalId);
                takenNotCommitted.countDown();
                awaitQuietly(release);
                return taken;
            }
        };

        CompletableFuture<Outcome> record = CompletableFuture.supplyAsync(() -> recorder(slowTaker).record(s.claim(), accepted(ext)));
        assertThat(takenNotCommitted.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<List<Result>> callback = CompletableFuture.supplyAsync(
                () -> callbacks(real()).recordForLine(s.line(), List.of(delivered(ext))));
        awaitAdvisoryWaiter();
        assertThat(callback).as("the callback waits for the record's pair lock").isNotDone();
        release.countDown();

        assertThat(record.get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.SENT);
        assertThat(callback.get(10, TimeUnit.SECONDS)).containsExactly(Result.APPLIED);
        assertThat(h.status(s.ws(), s.messageId())).isEqualTo("delivered");
        assertThat(kept(s.line())).isZero();
    }

    @Test
    void aCallbackForAnotherLine_isNeverAppliedToThisLinesMessage() {
        Sending s = claimed();
        Sending other = claimed();
        String ext = "SM-scoped-" + s.messageId();
        assertThat(recorder(real()).record(s.claim(), accepted(ext))).isEqualTo(Outcome.SENT);

        assertThat(callbacks(real()).recordForLine(other.line(), List.of(delivered(ext)))).containsExactly(Result.KEPT);
        assertThat(callbacks(real()).recordForLine(other.line(), List.of(new ProviderEvent(
                Optional.of(new ai.tuco.domain.shared.MessageId(s.messageId())), Optional.empty(), Kind.DELIVERED,
                Optional.empty(), Optional.empty())))).as("our id, but not this line's message").containsExactly(Result.UNKNOWN_MESSAGE);
        assertThat(h.status(s.ws(), s.messageId())).isEqualTo("sent");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static class Delegating implements EarlyUpdates {
        private final EarlyUpdates delegate;

        Delegating(EarlyUpdates delegate) {
            this.delegate = delegate;
        }

        @Override
        public void guard(LineId line, String externalId) {
            delegate.guard(line, externalId);
        }

        @Override
        public void keep(LineId line, StatusUpdate update, Instant receivedAt) {
            delegate.keep(line, update, receivedAt);
        }

        @Override
        public List<StatusUpdate> takeFor(LineId line, String externalId) {
            return delegate.takeFor(line, externalId);
        }

        @Override
        public int purgeReceivedBefore(Instant cutoff) {
            return delegate.purgeReceivedBefore(cutoff);
        }
    }
}
