package ai.tuco.application.webhook.port.out;

/** Counts webhook attempts by outcome ({@code succeeded}, {@code retrying}, {@code failed}, {@code disabled}). */
public interface WebhookMetrics {
    void attempt(String outcome);

    WebhookMetrics NONE = outcome -> {};
}
