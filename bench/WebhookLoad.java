import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Outbox rows at a fixed rate for bench/webhooks, written as the message writer writes them (one committed
 * transaction each, due now), with {@code NOTIFY tuco_webhooks} in the same transaction or without it (then only the
 * workers' poll finds them): {@code java -cp tuco.jar WebhookLoad.java JDBC_URL USER TAG RATE_PER_S SECONDS
 * notify|poll ENDPOINT_ID...}. Each tick writes one row per endpoint; message ids start with the 2-hex-digit TAG, so
 * the bench can pick a phase's rows. Prints how many rows it wrote and how late its scheduler ran at worst.
 */
public class WebhookLoad {
    public static void main(String[] a) throws Exception {
        String url = a[0], user = a[1], tag = a[2];
        double rate = Double.parseDouble(a[3]);
        int seconds = Integer.parseInt(a[4]);
        boolean notify = a[5].equals("notify");
        String[] endpoints = java.util.Arrays.copyOfRange(a, 6, a.length);
        long ticks = Math.round(rate * seconds);
        long periodNanos = (long) (1e9 / rate);
        long rows = 0, worstLateMs = 0;
        try (Connection c = DriverManager.getConnection(url, user, null)) {
            c.setAutoCommit(false);
            PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO webhook_deliveries (id, workspace_id, endpoint_id, message_id, seq, event, body,
                        next_attempt_at, created_at)
                    SELECT tuco_object_id(), workspace_id, id, ?, 1, 'message.sent', ?, clock_timestamp(), clock_timestamp()
                    FROM webhook_endpoints WHERE id = ?""");
            Statement notifier = c.createStatement();
            long start = System.nanoTime();
            for (long i = 0; i < ticks; i++) {
                long due = start + i * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } else {
                    worstLateMs = Math.max(worstLateMs, -wait / 1_000_000);
                }
                for (String endpoint : endpoints) {
                    String message = tag + String.format("%022x", ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
                    insert.setString(1, message);
                    insert.setString(2, "{\"event\":\"message.sent\",\"workspaceId\":\"bench\",\"data\":{\"_id\":\"" + message + "\"}}");
                    insert.setString(3, endpoint);
                    insert.executeUpdate();
                    rows++;
                }
                if (notify) {
                    notifier.execute("NOTIFY tuco_webhooks");
                }
                c.commit();
            }
        }
        System.out.println("rows=" + rows + " worst_late_ms=" + worstLateMs);
    }
}
