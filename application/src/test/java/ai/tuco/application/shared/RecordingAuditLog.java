package ai.tuco.application.shared;

import ai.tuco.application.shared.port.out.AuditLog;
import java.util.ArrayList;
import java.util.List;

/** Keeps every audit entry appended, in order. */
public final class RecordingAuditLog implements AuditLog {
    public final List<Entry> entries = new ArrayList<>();

    @Override
    public void append(Entry entry) {
        entries.add(entry);
    }

    public List<Entry> withAction(String action) {
        return entries.stream().filter(e -> e.action().equals(action)).toList();
    }
}
