package ai.tuco.bootstrap;

import ai.tuco.adapters.persistence.postgres.PgNotifier;

/**
 * Run after the commit of a write that put due rows in the webhook outbox (a message event, a manual replay): wakes
 * this node's webhook workers at once and every node's through a debounced {@code NOTIFY tuco_webhooks} (at most one
 * per debounce interval, sent from its own connection). The workers still poll, so a lost notification only costs
 * the poll interval.
 */
final class WebhookWakeup implements Runnable, AutoCloseable {
    private final DispatchSignal local = new DispatchSignal();
    private final PgNotifier notifier;

    WebhookWakeup(PgNotifier notifier) {
        this.notifier = notifier;
    }

    /** What this node's workers wait on (also woken by the LISTEN connection and by finished attempts). */
    DispatchSignal signal() {
        return local;
    }

    @Override
    public void run() {
        local.wake();
        notifier.requestNotify();
    }

    @Override
    public void close() {
        notifier.close();
    }
}
