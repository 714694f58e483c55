package ai.tuco.application.report;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.report.port.in.MessageReport;
import ai.tuco.application.report.port.in.MessageReport.Row;
import ai.tuco.application.report.port.in.ReportGroupBy;
import ai.tuco.application.report.port.in.ReportRequest;
import ai.tuco.application.report.port.out.MessageStatistics;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.shared.ApiKeyId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class MessageReportServiceTest {
    static final WorkspaceId WS = new WorkspaceId("aaaaaaaaaaaaaaaaaaaa0001");
    static final Instant NOW = Instant.parse("2026-03-10T12:34:56.789123Z");
    static final ZoneId LA = ZoneId.of("America/Los_Angeles");

    /** Answers with the groups it is given and remembers what it was asked. */
    static final class FakeStatistics implements MessageStatistics {
        final List<Group> groups = new ArrayList<>();
        Scope asked;
        Dimension askedBy;

        @Override
        public Result aggregate(Scope scope, Dimension by) {
            asked = scope;
            askedBy = by;
            return new Result(groups, figures(groups.stream().mapToLong(g -> g.figures().total()).sum(), 0, 0));
        }

        void add(String key, long total) {
            groups.add(new Group(Optional.ofNullable(key), figures(total, 0, 0)));
        }
    }

    static MessageStatistics.Figures figures(long total, long rated, long reached) {
        return new MessageStatistics.Figures(total, Map.of("sent", total), rated, reached, List.of(),
                MessageStatistics.Percentiles.NONE, MessageStatistics.Percentiles.NONE);
    }

    final FakeStatistics statistics = new FakeStatistics();
    final MessageReportService service = new MessageReportService(statistics, Clock.fixed(NOW, ZoneOffset.UTC));

    static Caller caller() {
        return new Caller(new Workspace(WS, "test", WorkspaceStatus.READ_ONLY, "US", Optional.empty(), NOW), Role.MEMBER,
                Optional.of(new ApiKeyId("aaaaaaaaaaaaaaaaaaaaaaaa")), Optional.empty());
    }

    MessageReport report(Optional<Instant> from, Optional<Instant> to, ReportGroupBy by, ZoneId zone) {
        return service.report(caller(), new ReportRequest(from, to, by, zone, Optional.empty(), Optional.empty()));
    }

    @Test
    void defaults_endNowToTheMillisecond_andStart30DaysEarlier_inTheCallersWorkspace() {
        MessageReport report = report(Optional.empty(), Optional.empty(), ReportGroupBy.STATUS, ZoneOffset.UTC);

        assertThat(report.to()).isEqualTo(Instant.parse("2026-03-10T12:34:56.789Z"));
        assertThat(report.from()).isEqualTo(report.to().minus(Duration.ofDays(30)));
        assertThat(statistics.asked.workspaceId()).isEqualTo(WS);
        assertThat(statistics.asked.periodStarts()).as("only day reports have periods").isEmpty();
        assertThat(statistics.askedBy).isEqualTo(MessageStatistics.Dimension.STATUS);
    }

    @Test
    void dayStarts_inLosAngeles_whenDaylightSavingBegins_theDayHas23Hours_andTheFirstDayStartsAtFrom() {
        // 2026-03-08: 02:00 PST becomes 03:00 PDT; from is mid-morning of March 7
        List<Instant> starts = MessageReportService.dayStarts(Instant.parse("2026-03-07T18:00:00Z"),
                Instant.parse("2026-03-09T07:00:01Z"), LA);

        assertThat(starts).containsExactly(Instant.parse("2026-03-07T18:00:00Z"), Instant.parse("2026-03-08T08:00:00Z"),
                Instant.parse("2026-03-09T07:00:00Z"));
        assertThat(Duration.between(starts.get(1), starts.get(2))).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void dayRows_areEveryDayOfThePeriod_keyedByLocalDate_theMissingOnesEmpty() {
        statistics.add("1", 5);
        MessageReport report = report(Optional.of(Instant.parse("2026-03-07T18:00:00Z")),
                Optional.of(Instant.parse("2026-03-09T07:00:01Z")), ReportGroupBy.DAY, LA);

        assertThat(report.rows()).extracting(r -> r.key().orElseThrow(), r -> r.figures().total()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("2026-03-07", 0L), org.assertj.core.groups.Tuple.tuple("2026-03-08", 5L),
                org.assertj.core.groups.Tuple.tuple("2026-03-09", 0L));
        assertThat(statistics.askedBy).isEqualTo(MessageStatistics.Dimension.PERIOD);
    }

    @Test
    void statusRows_followTheVocabulary_batchRows_mostMessagesFirst_withoutABatchLastOnATie() {
        statistics.add("failed", 1);
        statistics.add("queued", 9);
        statistics.add("delivered", 4);
        assertThat(report(Optional.empty(), Optional.empty(), ReportGroupBy.STATUS, ZoneOffset.UTC).rows())
                .extracting(r -> r.key().orElseThrow()).containsExactly("queued", "delivered", "failed");

        statistics.groups.clear();
        statistics.add("b", 2);
        statistics.add(null, 3);
        statistics.add("a", 3);
        assertThat(report(Optional.empty(), Optional.empty(), ReportGroupBy.BATCH, ZoneOffset.UTC).rows()).extracting(Row::key)
                .containsExactly(Optional.of("a"), Optional.empty(), Optional.of("b"));
    }

    @Test
    void deliveryRate_isReachedOverRated_andEmptyWhenNothingIsRated() {
        statistics.groups.add(new MessageStatistics.Group(Optional.of("sms"), figures(10, 8, 6)));
        statistics.groups.add(new MessageStatistics.Group(Optional.of("email"), figures(4, 0, 0)));

        MessageReport report = report(Optional.empty(), Optional.empty(), ReportGroupBy.MESSAGE_TYPE, ZoneOffset.UTC);

        assertThat(report.rows().get(0).figures().deliveryRate()).isEqualTo(OptionalDouble.of(0.75));
        assertThat(report.rows().get(1).figures().deliveryRate()).isEmpty();
        assertThat(report.rows().get(1).figures().counts()).hasSize(9).containsEntry(ai.tuco.domain.message.MessageStatus.SENT, 4L);
    }
}
