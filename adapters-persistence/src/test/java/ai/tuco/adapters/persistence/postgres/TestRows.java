package ai.tuco.adapters.persistence.postgres;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plain-SQL rows for adapter tests that need a workspace, line, lead or message to point at, without going through
 * the repositories under test elsewhere. Ids are fresh 24-hex-character ids, unique within the JVM.
 */
public final class TestRows {
    private static final AtomicLong SEQ = new AtomicLong(0x7e57_0000_0000L);
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private final PostgresExtension db;

    public TestRows(PostgresExtension db) {
        this.db = db;
    }

    public static String newId() {
        return String.format("%024x", SEQ.incrementAndGet());
    }

    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }

    /** An active workspace. */
    public String workspace() {
        String id = newId();
        db.exec("INSERT INTO workspaces (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)", id, "ws " + id, ts(CREATED), ts(CREATED));
        return id;
    }

    /** An active sandbox SMS line with the schema's default caps and no pacing. */
    public String line(String workspaceId) {
        String id = newId();
        db.exec("INSERT INTO lines (id, workspace_id, channels, provider, created_at, updated_at)"
                + " VALUES (?, ?, '{sms}', 'sandbox', ?, ?)", id, workspaceId, ts(CREATED), ts(CREATED));
        return id;
    }

    public String lead(String workspaceId) {
        String id = newId();
        db.exec("INSERT INTO leads (id, workspace_id, created_at, updated_at) VALUES (?, ?, ?, ?)", id, workspaceId,
                ts(CREATED), ts(CREATED));
        return id;
    }

    /** An SMS message in {@code status}, due at {@code dueAt}, not queued. */
    public String message(String workspaceId, String lineId, String leadId, String status, Instant dueAt) {
        String id = newId();
        db.exec("INSERT INTO messages (id, workspace_id, line_id, lead_id, message_type, status, template, recipient_phone,"
                        + " due_at, correlation_id, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, 'sms', ?, 'hello', '+14155550100', ?, ?, ?, ?)",
                id, workspaceId, lineId, leadId, status, ts(dueAt), "corr-" + id, ts(CREATED), ts(CREATED));
        return id;
    }

    /** A queued SMS message with its unleased queue row, due at {@code dueAt}. */
    public String queued(String workspaceId, String lineId, String leadId, Instant dueAt) {
        String id = message(workspaceId, lineId, leadId, "queued", dueAt);
        db.exec("INSERT INTO dispatch_queue (message_id, workspace_id, line_id, due_at) VALUES (?, ?, ?, ?)",
                id, workspaceId, lineId, ts(dueAt));
        return id;
    }
}
