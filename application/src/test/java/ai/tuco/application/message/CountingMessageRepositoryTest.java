package ai.tuco.application.message;

import static ai.tuco.application.testing.TestData.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.message.port.out.MessageMetrics;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.OnConflict;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.application.testing.InMemoryMessages;
import ai.tuco.application.testing.TestData;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageEvent;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.message.ProviderReport;
import ai.tuco.domain.message.Transition;
import ai.tuco.domain.shared.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CountingMessageRepositoryTest {
    final InMemoryMessages stored = new InMemoryMessages();
    final RecordingMetrics metrics = new RecordingMetrics();
    final CommitHooks tx = new CommitHooks();
    final CountingMessageRepository messages = new CountingMessageRepository(stored, metrics, tx);

    static Message sms(String id) {
        return TestData.message(id).channel(Channel.SMS).from(TestData.line("bbbbbbbbbbbbbbbbbbbb0001", Channel.SMS))
                .to(TestData.lead("cccccccccccccccccccc0001")).build();
    }

    static MessageEvent acceptedEvent(Message m) {
        return new MessageEvent(MessageEvent.ACCEPTED, Optional.empty(), m.status(), m.createdAt(), Map.of());
    }

    @Test
    void acceptClaimSendDeliver_countsTheAcceptAndTheMovesIntoSentAndDelivered_onceCommitted() {
        Message m = sms("dddddddddddddddddddd0001");
        tx.inTransaction(() -> {
            messages.insertAccepted(m, acceptedEvent(m));
            Transition claimed = m.claim(NOW);
            messages.recordTransition(claimed);
            Transition sent = claimed.message().markSent(NOW, "ext-1", "Hi Ada");
            messages.recordTransition(sent);
            messages.recordTransition(sent.message().applyProviderStatus(NOW.plusSeconds(1), ProviderReport.delivered()));
            assertThat(metrics.seen).as("nothing counted before the commit").isEmpty();
            return null;
        });

        assertThat(metrics.seen).containsExactly("accepted sms", "sent sms", "delivered sms");
    }

    @Test
    void aBatchOfAccepts_countsEachMessageWrittenAndTheBatch_withItsTimeUntilCommitted_onceCommitted() {
        Message a = sms("dddddddddddddddddddd0011");
        Message b = sms("dddddddddddddddddddd0012");
        stored.add(a); // a retried batch: already written, not counted again
        var audit = new AuditLog.Entry(Optional.empty(), TestData.ACTOR, "message.create",
                "message", "x", NOW, Map.of());
        long[] nanos = {5_000_000_000L};
        CountingMessageRepository timed = new CountingMessageRepository(stored, metrics, tx, () -> nanos[0]);
        tx.inTransaction(() -> {
            timed.insertAcceptedAll(List.of(new MessageRepository.NewAccept(a, acceptedEvent(a), audit, false),
                    new MessageRepository.NewAccept(b, acceptedEvent(b), audit, false)), OnConflict.SKIP);
            nanos[0] += 42_000_000L; // the rest of the transaction, and its commit
            assertThat(metrics.seen).as("nothing counted before the commit").isEmpty();
            return null;
        });

        assertThat(metrics.seen).containsExactly("accepted sms", "batch of 1 committed after 42 ms");
    }

    @Test
    void aRolledBackTransaction_countsNothing() {
        Message m = sms("dddddddddddddddddddd0002");
        assertThatThrownBy(() -> tx.inTransaction(() -> {
            messages.insertAccepted(m, acceptedEvent(m));
            messages.recordTransition(m.cancel(NOW, "CANCELLED_BY_USER", "test"));
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");

        assertThat(metrics.seen).isEmpty();
    }

    @Test
    void eventsThatChangeNoStatus_areNotCounted() {
        Message m = sms("dddddddddddddddddddd0003");
        stored.add(m);
        Transition delivered = m.claim(NOW).message().markSent(NOW, "ext-3", "Hi").message()
                .applyProviderStatus(NOW, ProviderReport.delivered());
        Message d = delivered.message();

        tx.inTransaction(() -> {
            messages.recordTransition(d.markRead(NOW.plusSeconds(5)));
            Transition repeated = d.applyProviderStatus(NOW.plusSeconds(6), ProviderReport.delivered());
            assertThat(repeated.ignored()).isTrue();
            messages.recordTransition(repeated);
            Transition claimed = m.claim(NOW);
            messages.recordTransition(claimed);
            messages.recordTransition(claimed.message().retryLater(NOW, NOW.plus(Duration.ofSeconds(5)), "BUSY", "try later"));
            return null;
        });

        assertThat(metrics.seen).isEmpty();
    }

    @Test
    void aBulkCancel_countsEachMessage_andOutsideATransactionCountsAtOnce() {
        Message a = stored.add(sms("dddddddddddddddddddd0004"));
        Message b = stored.add(sms("dddddddddddddddddddd0005"));

        messages.recordTransitions(List.of(a.cancel(NOW, "LEAD_DELETED", "gone"), b.cancel(NOW, "LEAD_DELETED", "gone")));

        assertThat(metrics.seen).containsExactly("cancelled sms", "cancelled sms");
    }

    /** Runs the work at once; keeps {@link #afterCommit} actions until the work returns, drops them if it throws. */
    static final class CommitHooks implements TransactionRunner {
        private List<Runnable> pending;

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            pending = new ArrayList<>();
            try {
                T result = work.get();
                List<Runnable> committed = pending;
                pending = null;
                committed.forEach(Runnable::run);
                return result;
            } finally {
                pending = null;
            }
        }

        @Override
        public void afterCommit(Runnable action) {
            if (pending == null) {
                action.run();
            } else {
                pending.add(action);
            }
        }
    }

    static final class RecordingMetrics implements MessageMetrics {
        final List<String> seen = new ArrayList<>();

        @Override
        public void accepted(Channel channel) {
            seen.add("accepted " + channel.wireName());
        }

        @Override
        public void finished(MessageStatus status, Channel channel) {
            seen.add(status.wireName() + " " + channel.wireName());
        }

        @Override
        public void acceptBatch(int messages, Duration untilCommitted) {
            seen.add("batch of " + messages + " committed after " + untilCommitted.toMillis() + " ms");
        }
    }
}
