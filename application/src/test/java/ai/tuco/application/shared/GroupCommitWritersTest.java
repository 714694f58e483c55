package ai.tuco.application.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link GroupCommit} with a writer thread: the writer wakes the first submitter of a batch and each woken submitter
 * wakes the next two, so every submitter of a batch of any size must get its own answer (or the batch's failure).
 */
class GroupCommitWritersTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstStarted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private GroupCommit<Integer, Integer> group;

    @AfterEach
    void stop() {
        release.countDown();
        if (group != null) {
            group.close();
        }
        threads.shutdownNow();
    }

    /** A group of one writer whose first batch (item 0 alone) is held until {@link #release}; items queue behind it. */
    private void start(Function<List<Integer>, List<Integer>> answer) {
        group = new GroupCommit<>(items -> {
            batches.add(List.copyOf(items));
            if (items.contains(0)) {
                firstStarted.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return answer.apply(items);
        }, 1, 1_000, Duration.ZERO, Thread::new);
    }

    private CompletableFuture<Integer> submit(int i) {
        return CompletableFuture.supplyAsync(() -> group.submit(i), threads);
    }

    /** Item 0 is held in the work; items 1..n queue behind it and are written as one batch once it is released. */
    private List<CompletableFuture<Integer>> queueBehindTheFirst(int n) throws InterruptedException {
        submit(0);
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            queued.add(submit(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(group::queued, q -> q == n);
        release.countDown();
        return queued;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 64, 301})
    void everySubmitterOfABatch_getsItsOwnAnswer(int n) throws Exception {
        start(items -> items.stream().map(i -> i * 10).toList());
        List<CompletableFuture<Integer>> queued = queueBehindTheFirst(n);

        for (int i = 1; i <= n; i++) {
            assertThat(queued.get(i - 1).get(10, TimeUnit.SECONDS)).isEqualTo(i * 10);
        }
        assertThat(batches).hasSize(2);
        assertThat(batches.get(1)).hasSize(n);
    }

    @Test
    void aBatchThatFails_failsEverySubmitterOfIt_withWhatTheWorkThrew() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        start(items -> {
            if (items.contains(0)) {
                return items;
            }
            throw boom;
        });
        List<CompletableFuture<Integer>> queued = queueBehindTheFirst(40);

        for (CompletableFuture<Integer> f : queued) {
            assertThat(failureOf(f)).isSameAs(boom);
        }
    }

    @Test
    void aWorkAnsweringTheWrongNumberOfResults_failsEverySubmitter() throws Exception {
        start(items -> items.contains(0) ? items : items.subList(0, 1));
        List<CompletableFuture<Integer>> queued = queueBehindTheFirst(5);

        for (CompletableFuture<Integer> f : queued) {
            assertThat(failureOf(f)).isInstanceOf(IllegalStateException.class).hasMessage("1 results for 5 items");
        }
    }

    /** What the submit behind {@code f} threw; fails the test if it answered instead, or not within 10 s. */
    private static Throwable failureOf(CompletableFuture<Integer> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("answered instead of failing");
    }
}
