package ai.tuco.application.report.port.in;

import ai.tuco.domain.shared.LineId;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * Which messages a report counts (created in [from, to), of one batch or line when given) and how it groups them.
 *
 * @param to empty: now
 * @param from empty: {@link MessageReportQuery#DEFAULT_DAYS} days before {@code to}
 * @param timezone the zone whose calendar days {@link ReportGroupBy#DAY} rows are
 */
public record ReportRequest(Optional<Instant> from, Optional<Instant> to, ReportGroupBy groupBy, ZoneId timezone,
        Optional<String> batchId, Optional<LineId> lineId) {
    public ReportRequest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(groupBy, "groupBy");
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(lineId, "lineId");
    }
}
