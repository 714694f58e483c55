package ai.tuco.application.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link GroupCommit#byCallers}: the submitters write the batches themselves, one at a time. */
class GroupCommitByCallersTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();
    /** Every batch the work was called with, in order. */
    private final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aLoneItemIsWrittenAtOnceOnItsOwnThread() {
        List<String> writers = new ArrayList<>();
        GroupCommit<Integer, Integer> group = GroupCommit.byCallers(items -> {
            writers.add(Thread.currentThread().getName());
            batches.add(items);
            return items.stream().map(i -> i * 10).toList();
        }, 10);

        assertThat(group.submit(7)).isEqualTo(70);
        assertThat(batches).containsExactly(List.of(7));
        assertThat(writers).containsExactly(Thread.currentThread().getName());
    }

    /**
     * A group whose first batch, item 0 alone, is held in the work until {@link #release}: items submitted meanwhile
     * queue behind it. The work records every batch, then answers what {@code answer} makes of it.
     */
    private final class HeldFirst {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);
        final GroupCommit<Integer, Integer> group;
        final CompletableFuture<Integer> first;

        HeldFirst(Function<List<Integer>, List<Integer>> answer, int maxBatch) throws InterruptedException {
            group = GroupCommit.byCallers(items -> {
                batches.add(items);
                if (items.contains(0)) {
                    started.countDown();
                    hold(released);
                }
                return answer.apply(items);
            }, maxBatch);
            first = submit(0);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        }

        /** Submits {@code from..to} on threads of their own and waits until all of them are queued. */
        List<CompletableFuture<Integer>> queue(int from, int to) {
            List<CompletableFuture<Integer>> queued = new ArrayList<>();
            for (int i = from; i <= to; i++) {
                queued.add(submit(i));
            }
            await().atMost(Duration.ofSeconds(10)).until(group::queued, n -> n == to - from + 1);
            return queued;
        }

        void release() {
            released.countDown();
        }

        private CompletableFuture<Integer> submit(int item) {
            return CompletableFuture.supplyAsync(() -> group.submit(item), threads);
        }
    }

    @Test
    void itemsSubmittedWhileABatchIsWrittenShareTheNextOneAndEachGetsItsOwnResult() throws Exception {
        HeldFirst held = new HeldFirst(items -> items.stream().map(i -> i * 10).toList(), 100);
        List<CompletableFuture<Integer>> waiting = held.queue(1, 5);
        // all five are queued behind the batch being written, none written yet
        assertThat(batches).hasSize(1);
        held.release();

        assertThat(held.first.get(10, TimeUnit.SECONDS)).isZero();
        for (int i = 0; i < 5; i++) {
            assertThat(waiting.get(i).get(10, TimeUnit.SECONDS)).isEqualTo((i + 1) * 10);
        }
        assertThat(batches).hasSize(2);
        assertThat(batches.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    }

    @Test
    void aBatchIsNeverLargerThanMaxBatchAndEveryItemIsWrittenOnce() throws Exception {
        HeldFirst held = new HeldFirst(items -> items, 3);
        List<CompletableFuture<Integer>> rest = held.queue(1, 10);
        held.release();

        held.first.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 10; i++) {
            assertThat(rest.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i + 1);
        }
        assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(3));
        assertThat(batches.stream().flatMap(List::stream).toList()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(batches).hasSize(1 + 4); // 10 queued items in batches of at most 3
    }

    @Test
    void whatTheWorkThrowsAnswersEveryItemOfItsBatchAndNoOther() throws Exception {
        HeldFirst held = new HeldFirst(items -> {
            if (items.contains(2)) {
                throw new IllegalStateException("connection lost");
            }
            return items;
        }, 100);
        List<CompletableFuture<Integer>> failing = held.queue(1, 3);
        held.release();

        assertThat(held.first.get(10, TimeUnit.SECONDS)).isZero();
        for (CompletableFuture<Integer> f : failing) {
            assertThatThrownBy(() -> Futures.join(f)).isInstanceOf(IllegalStateException.class).hasMessage("connection lost");
        }
        assertThat(held.group.submit(4)).isEqualTo(4); // the next batch is written as usual
        assertThat(batches).containsExactly(List.of(0), batches.get(1), List.of(4));
        assertThat(batches.get(1)).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void manyThreadsEachGetTheirOwnResult() throws Exception {
        GroupCommit<Integer, Integer> group = GroupCommit.byCallers(items -> {
            batches.add(items);
            return items.stream().map(i -> -i).toList();
        }, 16);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int item = i;
            results.add(threads.submit(() -> group.submit(item)));
        }
        for (int i = 0; i < 400; i++) {
            assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(-i);
        }
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(400);
    }

    @Test
    void takesNoItemAfterClose() {
        GroupCommit<Integer, Integer> group = GroupCommit.byCallers(items -> items, 4);
        group.close();
        assertThatThrownBy(() -> group.submit(1)).isInstanceOf(IllegalStateException.class);
    }

    private static void hold(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
