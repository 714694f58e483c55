package ai.tuco.domain.workspace;

import java.util.Locale;

/** A read-only workspace (for example past due) may read but not write; its messages wait. */
public enum WorkspaceStatus {
    ACTIVE,
    READ_ONLY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WorkspaceStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
