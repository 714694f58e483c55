package ai.tuco.application.testing;

import ai.tuco.application.shared.port.out.AuditLog;
import java.util.ArrayList;
import java.util.List;

/** Keeps every audit entry appended, in order. */
public final class RecordingAuditLog implements AuditLog {
    private final List<Entry> entries = new ArrayList<>();

    @Override
    public void append(Entry entry) {
        entries.add(entry);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public List<Entry> withAction(String action) {
        return entries.stream().filter(e -> e.action().equals(action)).toList();
    }

    /** The actions appended, in order. */
    public List<String> actions() {
        return entries.stream().map(Entry::action).toList();
    }
}
