package ai.tuco.application.report;

import ai.tuco.application.report.port.in.MessageReport;
import ai.tuco.application.report.port.in.MessageReport.FailureReason;
import ai.tuco.application.report.port.in.MessageReport.Figures;
import ai.tuco.application.report.port.in.MessageReport.Latency;
import ai.tuco.application.report.port.in.MessageReport.Row;
import ai.tuco.application.report.port.in.MessageReportQuery;
import ai.tuco.application.report.port.in.ReportGroupBy;
import ai.tuco.application.report.port.in.ReportRequest;
import ai.tuco.application.report.port.out.MessageStatistics;
import ai.tuco.application.report.port.out.MessageStatistics.Dimension;
import ai.tuco.application.report.port.out.MessageStatistics.Group;
import ai.tuco.application.report.port.out.MessageStatistics.Percentiles;
import ai.tuco.application.report.port.out.MessageStatistics.Scope;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.shared.Channel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Message reports: the period's defaults and bounds, calendar days in the request's zone (computed here, with the JDK's
 * zone rules, so a DST day is 23 or 25 hours long), zero-filled day rows, rows in their natural order and the
 * delivery rate. The counting itself is one read through {@link MessageStatistics}.
 */
public final class MessageReportService implements MessageReportQuery {
    private final MessageStatistics statistics;
    private final Clock clock;

    public MessageReportService(MessageStatistics statistics, Clock clock) {
        this.statistics = statistics;
        this.clock = clock;
    }

    @Override
    public MessageReport report(Caller caller, ReportRequest request) {
        // the API's times have milliseconds; a default "now" is cut to them so the answer's from/to are what was used
        Instant to = request.to().orElseGet(() -> clock.instant().truncatedTo(ChronoUnit.MILLIS));
        Instant from = request.from().orElseGet(() -> to.minus(Duration.ofDays(DEFAULT_DAYS)));
        if (!from.isBefore(to)) {
            throw UseCaseException.invalid("from", "from must be before to");
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
            throw UseCaseException.invalid("from", "a report covers at most " + MAX_DAYS + " days: from must be at most "
                    + MAX_DAYS + " days before to");
        }
        ZoneId zone = request.timezone();
        List<Instant> dayStarts = request.groupBy() == ReportGroupBy.DAY ? dayStarts(from, to, zone) : List.of();
        var scope = new Scope(caller.workspace().id(), from, to, request.batchId(), request.lineId(), dayStarts);
        MessageStatistics.Result result = statistics.aggregate(scope, dimension(request.groupBy()));
        List<Row> rows = new ArrayList<>();
        for (Group g : result.groups()) {
            rows.add(new Row(g.key(), figures(g.figures())));
        }
        if (request.groupBy() == ReportGroupBy.DAY) {
            rows = days(rows, dayStarts, zone);
        } else {
            rows.sort(order(request.groupBy()));
        }
        return new MessageReport(from, to, request.groupBy(), zone, rows, figures(result.totals()));
    }

    /** {@code from}, then every local midnight after it and before {@code to}. */
    static List<Instant> dayStarts(Instant from, Instant to, ZoneId zone) {
        List<Instant> starts = new ArrayList<>();
        starts.add(from);
        LocalDate day = from.atZone(zone).toLocalDate().plusDays(1);
        for (Instant start = day.atStartOfDay(zone).toInstant(); start.isBefore(to); start = day.atStartOfDay(zone).toInstant()) {
            starts.add(start);
            day = day.plusDays(1);
        }
        return starts;
    }

    /** One row per day of the period, days without messages zero-filled, keyed by the ISO date in the zone. */
    private static List<Row> days(List<Row> counted, List<Instant> dayStarts, ZoneId zone) {
        Map<Integer, Figures> byIndex = new HashMap<>();
        for (Row r : counted) {
            byIndex.put(Integer.parseInt(r.key().orElseThrow()), r.figures());
        }
        List<Row> rows = new ArrayList<>(dayStarts.size());
        for (int i = 0; i < dayStarts.size(); i++) {
            String date = dayStarts.get(i).atZone(zone).toLocalDate().toString();
            rows.add(new Row(Optional.of(date), byIndex.getOrDefault(i, Figures.empty())));
        }
        return rows;
    }

    private static Comparator<Row> order(ReportGroupBy groupBy) {
        return switch (groupBy) {
            case STATUS -> Comparator.comparingInt(r -> MessageStatus.fromWire(r.key().orElse("")).map(Enum::ordinal).orElse(99));
            case MESSAGE_TYPE -> Comparator.comparingInt(r -> Channel.fromWire(r.key().orElse("")).map(Enum::ordinal).orElse(99));
            // most messages first; ties by key, the rows without a batch last
            case LINE, BATCH, DAY -> Comparator.comparingLong((Row r) -> -r.figures().total())
                    .thenComparing(r -> r.key().orElse(null), Comparator.nullsLast(Comparator.naturalOrder()));
        };
    }

    private static Dimension dimension(ReportGroupBy groupBy) {
        return switch (groupBy) {
            case STATUS -> Dimension.STATUS;
            case MESSAGE_TYPE -> Dimension.MESSAGE_TYPE;
            case LINE -> Dimension.LINE;
            case BATCH -> Dimension.BATCH;
            case DAY -> Dimension.PERIOD;
        };
    }

    private static Figures figures(MessageStatistics.Figures f) {
        Map<MessageStatus, Long> counts = new EnumMap<>(MessageStatus.class);
        f.byStatus().forEach((status, n) -> MessageStatus.fromWire(status).ifPresent(s -> counts.put(s, n)));
        OptionalDouble rate = f.sentNotEmail() == 0 ? OptionalDouble.empty()
                : OptionalDouble.of((double) f.deliveredNotEmail() / f.sentNotEmail());
        List<FailureReason> reasons = f.failureReasons().stream().map(r -> new FailureReason(r.errorCode(), r.count())).toList();
        return new Figures(f.total(), counts, rate, reasons, latency(f.acceptToSent()), latency(f.acceptToDelivered()));
    }

    private static Latency latency(Percentiles p) {
        return new Latency(p.medianMs(), p.p90Ms());
    }
}
