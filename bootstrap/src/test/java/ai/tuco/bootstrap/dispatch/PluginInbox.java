package ai.tuco.bootstrap.dispatch;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Where the test plugin (compiled and jarred by {@link PluginProviderTest}, loaded in its own class loader whose parent
 * sees this class) reports what it was asked to send, and from where its poller takes the deliveries to report.
 */
public final class PluginInbox {
    /** One entry per send: messageId, to, text, apiKey, region, callbackBase, callbackToken. */
    public static final Queue<Map<String, String>> SENT = new ConcurrentLinkedQueue<>();
    /** Message ids whose delivery the plugin's poller reports next. */
    public static final Queue<String> DELIVERABLE = new ConcurrentLinkedQueue<>();

    private PluginInbox() {}
}
