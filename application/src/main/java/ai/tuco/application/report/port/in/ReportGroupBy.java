package ai.tuco.application.report.port.in;

import java.util.Optional;

/** What a report's rows are: one per status, channel, line, batch or calendar day. */
public enum ReportGroupBy {
    STATUS("status"),
    MESSAGE_TYPE("messageType"),
    LINE("line"),
    BATCH("batch"),
    DAY("day");

    private final String wireName;

    ReportGroupBy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ReportGroupBy> fromWire(String value) {
        for (ReportGroupBy g : values()) {
            if (g.wireName.equals(value)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }
}
