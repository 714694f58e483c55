package ai.tuco.application.shared;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Group commit: items submitted by many threads are written together. A few writer threads each take what has queued
 * (at most {@code maxBatch}), wait up to {@code linger} for more while the batch is short, and hand the batch to the
 * work in one call; each submitter is answered with its own result once that call returns (for a database write: once
 * its transaction has committed). An idle writer takes the first item at once, so a lone request waits no linger;
 * under load the queue fills while the writers are busy and batches grow by themselves.
 *
 * <p>A writer thread wakes one submitter of its batch, not all of them: each woken submitter wakes the next two (a
 * tree over the batch), so waking a batch of {@code n} costs the writer one wake-up and takes about log2(n) steps of
 * submitters running in parallel. A wake-up (a futex call that makes the woken thread runnable, often ahead of the
 * caller on a busy CPU) took 11.8 % of the accept writer's time when it woke every submitter itself (ADR 39).
 *
 * <p>{@link #byCallers} needs no thread of its own: the submitters take turns as the writer. One of them writes what
 * has queued while the others wait for its call to return; the next takes what queued meanwhile. It has nothing to
 * start or close, for work whose submitters wait anyway (a provider's ledger write on a send thread).
 *
 * @param <I> a submitted item
 * @param <R> its result
 */
public final class GroupCommit<I, R> implements AutoCloseable {
    private final BlockingQueue<Pending<I, R>> queue = new LinkedBlockingQueue<>();
    private final Function<List<I>, List<R>> work;
    private final int maxBatch;
    private final long lingerNanos;
    private final List<Thread> writers = new ArrayList<>();
    /** Held by the submitter writing a batch, when there are no writer threads ({@link #byCallers}). */
    private final ReentrantLock turn = new ReentrantLock();
    private volatile boolean closed;

    /** Submitters write the batches themselves, one batch at a time, without a linger. */
    public static <I, R> GroupCommit<I, R> byCallers(Function<List<I>, List<R>> work, int maxBatch) {
        return new GroupCommit<>(work, maxBatch, Duration.ZERO);
    }

    private GroupCommit(Function<List<I>, List<R>> work, int maxBatch, Duration linger) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive");
        }
        this.work = work;
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
    }

    /**
     * @param work writes a batch, answering one result per item in order; what it throws answers every item of the batch
     * @param writers how many batches may be written at once
     */
    public GroupCommit(Function<List<I>, List<R>> work, int writers, int maxBatch, Duration linger, ThreadFactory threads) {
        this(work, maxBatch, linger);
        if (writers < 1) {
            throw new IllegalArgumentException("writers must be positive");
        }
        for (int i = 0; i < writers; i++) {
            Thread t = threads.newThread(this::writeLoop);
            this.writers.add(t);
            t.start();
        }
    }

    /**
     * Waits for the batch holding {@code item} to be written.
     *
     * @throws RuntimeException what the work threw for this item's batch, or for this item
     * @throws IllegalStateException after {@link #close}
     */
    public R submit(I item) {
        if (closed) {
            throw new IllegalStateException("closed: no more items are taken");
        }
        Pending<I, R> pending = new Pending<>(item);
        queue.add(pending);
        while (writers.isEmpty() && !pending.result.isDone()) {
            takeTurn(pending);
        }
        try {
            return Futures.join(pending.result);
        } finally {
            pending.wakeNext();
        }
    }

    /**
     * Writes what has queued unless the writer before had {@code pending} in its batch. Whoever holds the turn has
     * written everything that was taken from the queue, so an item not yet done is still queued.
     */
    private void takeTurn(Pending<I, R> pending) {
        turn.lock();
        try {
            if (!pending.result.isDone()) {
                List<Pending<I, R>> batch = new ArrayList<>(Math.min(maxBatch, queue.size() + 1));
                queue.drainTo(batch, maxBatch);
                write(batch, false);
            }
        } finally {
            turn.unlock();
        }
    }

    private void writeLoop() {
        List<Pending<I, R>> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending<I, R> first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                long deadline = System.nanoTime() + lingerNanos;
                while (batch.size() < maxBatch && lingerNanos > 0) {
                    long left = deadline - System.nanoTime();
                    Pending<I, R> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    queue.drainTo(batch, maxBatch - batch.size());
                }
                write(batch, true);
            } catch (InterruptedException e) {
                if (!closed) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Writes the batch and answers its submitters: all of them from here when {@code asTree} is false (a submitter
     * holding the turn must find its own item done when this returns), else only the first, which wakes the rest.
     */
    private void write(List<Pending<I, R>> batch, boolean asTree) {
        List<R> results = null;
        Throwable failure = null;
        try {
            List<R> written = work.apply(batch.stream().map(p -> p.item).toList());
            if (written.size() != batch.size()) {
                throw new IllegalStateException(written.size() + " results for " + batch.size() + " items");
            }
            results = written;
        } catch (Throwable t) {
            failure = t;
        }
        @SuppressWarnings("unchecked")
        Pending<I, R>[] tree = asTree ? batch.toArray(new Pending[0]) : null;
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).answer(results == null ? null : results.get(i), failure, tree, i);
        }
        if (asTree) {
            tree[0].wake();
        } else {
            batch.forEach(Pending::wake);
        }
    }

    /** How many submitted items wait to be taken into a batch. */
    public int queued() {
        return queue.size();
    }

    /** Takes no more items, writes what has queued, and waits for the writers to finish. */
    @Override
    public void close() {
        closed = true;
        for (Thread t : writers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static final class Pending<I, R> {
        final I item;
        final CompletableFuture<R> result = new CompletableFuture<>();
        // Written by the writer before it completes the first future of the batch; read by each submitter after its
        // own future completed, which happens after (the tree's completions chain back to the writer's).
        private R value;
        private Throwable failure;
        /** The batch in wake order, when its submitters wake each other; else null. */
        private Pending<I, R>[] tree;
        private int index;

        Pending(I item) {
            this.item = item;
        }

        void answer(R value, Throwable failure, Pending<I, R>[] tree, int index) {
            this.value = value;
            this.failure = failure;
            this.tree = tree;
            this.index = index;
        }

        void wake() {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        }

        /** Wakes this item's two successors in the batch's tree, if the batch has one. */
        void wakeNext() {
            Pending<I, R>[] t = tree;
            if (t == null) {
                return;
            }
            for (int c = 2 * index + 1; c <= 2 * index + 2 && c < t.length; c++) {
                t[c].wake();
            }
        }
    }
}
