package ai.tuco.application.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.tuco.application.provider.port.out.SandboxStore;
import ai.tuco.domain.shared.MessageId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sandbox's sends written in groups; the rest of the store passed through. */
class GroupedSandboxStoreTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Recording store = new Recording();
    private final GroupedSandboxStore grouped = new GroupedSandboxStore(store);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aLoneSendIsWrittenAtOnceWithItsLaterEvent() {
        Optional<SandboxStore.Later> later = Optional.of(new SandboxStore.Later("delivered", Optional.empty(), Optional.empty(), NOW));
        grouped.recordSend(send(1), later);

        assertThat(store.writes).containsExactly(List.of(new SandboxStore.Recorded(send(1), later)));
    }

    @Test
    void sendsMadeWhileOneIsWrittenShareTheNextStatement_andAFailedStatementFailsEachOfItsSends() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        store.holdNext = release;
        Future<?> first = threads.submit(() -> grouped.recordSend(send(0)));
        store.holding.await(10, TimeUnit.SECONDS);
        store.failWhenItHolds = id(2).value();
        List<Future<?>> next = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int n = i;
            next.add(threads.submit(() -> grouped.recordSend(send(n))));
        }
        // the three wait behind the statement being written
        await().atMost(Duration.ofSeconds(10)).until(grouped::waiting, n -> n == 3);
        release.countDown();

        first.get(10, TimeUnit.SECONDS);
        for (Future<?> f : next) {
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        }
        assertThat(store.writes).hasSize(2);
        assertThat(store.writes.get(1)).extracting(r -> r.send().messageId().value()).containsExactlyInAnyOrder(id(1).value(), id(2).value(), id(3).value());
    }

    @Test
    void everythingElseIsTheStoresOwn() {
        grouped.recordSends(List.of(new SandboxStore.Recorded(send(11), Optional.empty())));
        assertThat(store.writes).hasSize(1);
        assertThat(grouped.sendCount(id(11))).isEqualTo(7);
        assertThat(grouped.acceptedExternalId(id(11))).contains("sbx-" + id(11).value());
        assertThat(grouped.takeDue(NOW, 5, NOW)).isEmpty();
        grouped.done(List.of(4L));
        assertThat(store.done).containsExactly(4L);
    }

    private static MessageId id(int n) {
        return new MessageId("%024x".formatted(n));
    }

    private static SandboxStore.Send send(int n) {
        return new SandboxStore.Send(id(n), "w", "l", "sms", "+14155550100", "hi", true, Optional.of("sbx-" + id(n).value()),
                Optional.empty(), NOW);
    }

    /** Records every statement; can hold the next one, and fail one holding a given send. */
    private static final class Recording implements SandboxStore {
        final List<List<Recorded>> writes = Collections.synchronizedList(new ArrayList<>());
        final List<Long> done = new ArrayList<>();
        final CountDownLatch holding = new CountDownLatch(1);
        volatile CountDownLatch holdNext;
        volatile String failWhenItHolds;

        @Override
        public void recordSends(List<Recorded> sends) {
            writes.add(List.copyOf(sends));
            CountDownLatch hold = holdNext;
            if (hold != null) {
                holdNext = null;
                holding.countDown();
                try {
                    hold.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failWhenItHolds != null && sends.stream().anyMatch(r -> r.send().messageId().value().equals(failWhenItHolds))) {
                throw new IllegalStateException("the statement failed");
            }
        }

        @Override
        public int sendCount(MessageId id) {
            return 7;
        }

        @Override
        public Optional<String> acceptedExternalId(MessageId id) {
            return Optional.of("sbx-" + id.value());
        }

        @Override
        public List<Outcome> takeDue(Instant now, int limit, Instant hideUntil) {
            return List.of();
        }

        @Override
        public void done(List<Long> outcomeIds) {
            done.addAll(outcomeIds);
        }
    }
}
