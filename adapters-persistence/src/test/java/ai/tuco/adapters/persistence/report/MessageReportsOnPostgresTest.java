package ai.tuco.adapters.persistence.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.postgres.TestRows;
import ai.tuco.application.report.MessageReportService;
import ai.tuco.application.report.port.in.MessageReport;
import ai.tuco.application.report.port.in.MessageReport.FailureReason;
import ai.tuco.application.report.port.in.MessageReport.Figures;
import ai.tuco.application.report.port.in.MessageReport.Latency;
import ai.tuco.application.report.port.in.MessageReport.Row;
import ai.tuco.application.report.port.in.ReportGroupBy;
import ai.tuco.application.report.port.in.ReportRequest;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.shared.ApiKeyId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reports end to end below HTTP: {@link MessageReportService} with a fixed clock over {@link JdbiMessageStatistics} on
 * PostgreSQL. The figures of a small seeded workspace are worked out by hand in the comments (percentiles by nearest
 * rank: the value at position ceil(p × n) of the sorted times).
 */
class MessageReportsOnPostgresTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    static final Instant T = Instant.parse("2026-11-10T12:00:00Z");
    static final Optional<Instant> NOVEMBER_FROM = Optional.of(Instant.parse("2026-11-01T00:00:00Z"));
    static final Optional<Instant> NOVEMBER_TO = Optional.of(NOW);
    static final ZoneId UTC = ZoneId.of("UTC");

    static final TestRows rows = new TestRows(db);
    static String ws;
    static String other;
    static String lineA;
    static String lineB;
    static String lead;
    static String otherLine;

    private final MessageReportService reports = new MessageReportService(new JdbiMessageStatistics(db.jdbi()),
            Clock.fixed(NOW, ZoneOffset.UTC));

    /**
     * Twelve messages of the workspace in November (#1–#12), one just before and one just after it, and another
     * workspace's message in the middle of it.
     */
    @BeforeAll
    static void seed() {
        ws = rows.workspace();
        other = rows.workspace();
        lineA = rows.line(ws);
        lineB = rows.line(ws);
        lead = rows.lead(ws);
        otherLine = rows.line(other);
        String otherLead = rows.lead(other);
        // #   channel     status      line   batch  sent ms  delivered ms  read  error
        msg(ws, lineA, "imessage", "delivered", T, "b1", 1000L, 3000L, false, null); // 1
        msg(ws, lineA, "imessage", "delivered", T, "b1", 2000L, 5000L, true, null); // 2
        msg(ws, lineA, "imessage", "sent", T, "b1", 4000L, null, true, null); // 3: read without a delivery receipt
        msg(ws, lineB, "sms", "sent", T, null, 8000L, null, false, null); // 4
        msg(ws, lineB, "sms", "failed", T, null, 500L, null, false, "CARRIER_REJECTED"); // 5: failed after sent
        msg(ws, lineB, "sms", "failed", T, "b2", null, null, false, "INVALID_NUMBER"); // 6
        msg(ws, lineA, "imessage", "fallback", T, "b2", null, null, false, "NO_IMESSAGE"); // 7
        msg(ws, lineB, "email", "sent", T, "b2", 16000L, null, false, null); // 8
        msg(ws, lineB, "email", "failed", T, null, null, null, false, "SMTP_REJECTED"); // 9
        msg(ws, lineA, "sms", "queued", T, null, null, null, false, "PROVIDER_BUSY"); // 10: retrying, not a failure
        msg(ws, lineA, "sms", "cancelled", T, null, null, null, false, "CANCELLED_BY_USER"); // 11: not a failure
        msg(ws, lineA, "imessage", "scheduled", T, null, null, null, false, null); // 12
        msg(ws, lineA, "imessage", "delivered", Instant.parse("2026-10-31T23:59:59.999Z"), "b1", 1L, 2L, false, null);
        msg(ws, lineA, "imessage", "delivered", NOW, "b1", 1L, 2L, false, null);
        msg(other, otherLine, "imessage", "failed", T, "b1", null, null, false, "OTHER_TENANT");
        db.exec("UPDATE messages SET lead_id = ? WHERE workspace_id = ?", otherLead, other);
    }

    static void msg(String workspace, String line, String channel, String status, Instant created, String batch, Long sentMs,
            Long deliveredMs, boolean read, String errorCode) {
        String id = TestRows.newId();
        Timestamp sent = sentMs == null ? null : Timestamp.from(created.plusMillis(sentMs));
        Timestamp delivered = deliveredMs == null ? null : Timestamp.from(created.plusMillis(deliveredMs));
        Timestamp readAt = read ? Timestamp.from(created.plusSeconds(3600)) : null;
        db.exec("""
                INSERT INTO messages (id, workspace_id, line_id, lead_id, message_type, status, template, recipient_phone,
                                      recipient_email, due_at, batch_id, correlation_id, error_code, error_message, sent_at,
                                      delivered_at, read_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 'hello', '+14155550100', 'a@example.com', ?, ?, 'corr', ?, ?, ?, ?, ?, ?, ?)""",
                id, workspace, line, lead, channel, status, Timestamp.from(created), batch, errorCode,
                errorCode == null ? null : "because", sent, delivered, readAt, Timestamp.from(created), Timestamp.from(created));
    }

    static Caller caller(String workspace) {
        return new Caller(new Workspace(new WorkspaceId(workspace), "test", WorkspaceStatus.ACTIVE, "US", Optional.empty(), NOW),
                Role.MEMBER, Optional.of(new ApiKeyId("aaaaaaaaaaaaaaaaaaaaaaaa")), Optional.empty());
    }

    MessageReport november(ReportGroupBy by) {
        return reports.report(caller(ws), new ReportRequest(NOVEMBER_FROM, NOVEMBER_TO, by, UTC, Optional.empty(), Optional.empty()));
    }

    static Map<MessageStatus, Long> counts(Object... statusAndCount) {
        Map<MessageStatus, Long> counts = new java.util.EnumMap<>(MessageStatus.class);
        for (MessageStatus s : MessageStatus.values()) {
            counts.put(s, 0L);
        }
        for (int i = 0; i < statusAndCount.length; i += 2) {
            counts.put(MessageStatus.fromWire((String) statusAndCount[i]).orElseThrow(), ((Integer) statusAndCount[i + 1]).longValue());
        }
        return counts;
    }

    static Latency latency(long median, long p90) {
        return new Latency(OptionalLong.of(median), OptionalLong.of(p90));
    }

    static Row row(MessageReport report, String key) {
        return report.rows().stream().filter(r -> r.key().equals(Optional.ofNullable(key))).findFirst().orElseThrow();
    }

    @Test
    void totals_countEveryStatus_rateLeavesEmailOut_percentilesByNearestRank_reasonsOnlyOfFailedAndFallback() {
        Figures totals = november(ReportGroupBy.STATUS).totals();

        assertThat(totals.total()).as("#1-#12: neither the edges of the period nor the other workspace").isEqualTo(12);
        assertThat(totals.counts()).isEqualTo(counts("scheduled", 1, "queued", 1, "sent", 3, "delivered", 2, "failed", 3,
                "fallback", 1, "cancelled", 1));
        // sent, not email: #1 #2 #3 #4 #5 = 5; of them delivered or read: #1 #2 #3 = 3
        assertThat(totals.deliveryRate()).isEqualTo(OptionalDouble.of(0.6));
        // sent: 500 1000 2000 4000 8000 16000 -> median position ceil(3) = 2000, p90 position ceil(5.4) = 6 -> 16000
        assertThat(totals.acceptToSent()).isEqualTo(latency(2000, 16000));
        // delivered: 3000 5000 -> positions ceil(1) and ceil(1.8)
        assertThat(totals.acceptToDelivered()).isEqualTo(latency(3000, 5000));
        assertThat(totals.failureReasons()).as("one each: by code").containsExactly(new FailureReason("CARRIER_REJECTED", 1),
                new FailureReason("INVALID_NUMBER", 1), new FailureReason("NO_IMESSAGE", 1), new FailureReason("SMTP_REJECTED", 1));
    }

    @Test
    void byStatus_rowsInTheVocabularysOrder_onlyStatusesWithMessages() {
        MessageReport report = november(ReportGroupBy.STATUS);

        assertThat(report.rows()).extracting(r -> r.key().orElseThrow())
                .containsExactly("scheduled", "queued", "sent", "delivered", "failed", "fallback", "cancelled");
        Figures failed = row(report, "failed").figures();
        assertThat(failed.total()).isEqualTo(3);
        assertThat(failed.counts()).isEqualTo(counts("failed", 3));
        // #5 was sent (sms): rated, not reached
        assertThat(failed.deliveryRate()).isEqualTo(OptionalDouble.of(0.0));
        assertThat(failed.acceptToSent()).isEqualTo(latency(500, 500));
        assertThat(failed.acceptToDelivered()).isEqualTo(Latency.NONE);
        assertThat(row(report, "sent").figures().deliveryRate()).as("#3 read, #4 not, #8 email").isEqualTo(OptionalDouble.of(0.5));
        assertThat(row(report, "scheduled").figures().deliveryRate()).as("nothing sent").isEmpty();
    }

    @Test
    void byMessageType_emailHasNoDeliveryRate_smsAndImessageHave() {
        MessageReport report = november(ReportGroupBy.MESSAGE_TYPE);

        assertThat(report.rows()).extracting(r -> r.key().orElseThrow()).containsExactly("imessage", "sms", "email");
        Figures imessage = row(report, "imessage").figures();
        assertThat(imessage.total()).isEqualTo(5);
        assertThat(imessage.counts()).isEqualTo(counts("scheduled", 1, "sent", 1, "delivered", 2, "fallback", 1));
        assertThat(imessage.deliveryRate()).as("#1 #2 delivered, #3 read").isEqualTo(OptionalDouble.of(1.0));
        assertThat(imessage.acceptToSent()).as("1000 2000 4000").isEqualTo(latency(2000, 4000));
        assertThat(imessage.failureReasons()).containsExactly(new FailureReason("NO_IMESSAGE", 1));
        Figures sms = row(report, "sms").figures();
        assertThat(sms.total()).isEqualTo(5);
        assertThat(sms.deliveryRate()).as("#4 and #5 sent, neither delivered").isEqualTo(OptionalDouble.of(0.0));
        assertThat(sms.acceptToSent()).as("500 8000").isEqualTo(latency(500, 8000));
        assertThat(sms.acceptToDelivered()).isEqualTo(Latency.NONE);
        assertThat(sms.failureReasons()).containsExactly(new FailureReason("CARRIER_REJECTED", 1), new FailureReason("INVALID_NUMBER", 1));
        Figures email = row(report, "email").figures();
        assertThat(email.total()).isEqualTo(2);
        assertThat(email.deliveryRate()).as("email has no receipts").isEmpty();
        assertThat(email.acceptToSent()).isEqualTo(latency(16000, 16000));
    }

    @Test
    void byBatch_messagesWithoutABatchAreOneRowWithNoKey_mostMessagesFirst() {
        MessageReport report = november(ReportGroupBy.BATCH);

        assertThat(report.rows()).extracting(Row::key).containsExactly(Optional.empty(), Optional.of("b1"), Optional.of("b2"));
        assertThat(row(report, null).figures().total()).as("#4 #5 #9 #10 #11 #12").isEqualTo(6);
        assertThat(row(report, "b1").figures().deliveryRate()).isEqualTo(OptionalDouble.of(1.0));
        assertThat(row(report, "b2").figures().total()).isEqualTo(3);
        assertThat(row(report, "b2").figures().deliveryRate()).as("#6 never sent, #8 email: nothing to rate").isEmpty();
    }

    @Test
    void byLine_andTheFilters_countOnlyTheirMessages() {
        MessageReport report = november(ReportGroupBy.LINE);
        assertThat(report.rows()).extracting(r -> r.key().orElseThrow(), r -> r.figures().total())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(lineA, 7L), org.assertj.core.groups.Tuple.tuple(lineB, 5L));

        MessageReport b1 = reports.report(caller(ws), new ReportRequest(NOVEMBER_FROM, NOVEMBER_TO, ReportGroupBy.LINE, UTC,
                Optional.of("b1"), Optional.empty()));
        assertThat(b1.totals().total()).as("#1 #2 #3, not the other workspace's b1").isEqualTo(3);
        MessageReport onB = reports.report(caller(ws), new ReportRequest(NOVEMBER_FROM, NOVEMBER_TO, ReportGroupBy.STATUS, UTC,
                Optional.empty(), Optional.of(new LineId(lineB))));
        assertThat(onB.totals().total()).isEqualTo(5);
        assertThat(onB.totals().failureReasons()).extracting(FailureReason::errorCode)
                .containsExactly("CARRIER_REJECTED", "INVALID_NUMBER", "SMTP_REJECTED");
    }

    @Test
    void anotherWorkspacesLineOrBatch_showsNothingOfIt_andItsOwnReportShowsOnlyItsMessage() {
        MessageReport viaOtherLine = reports.report(caller(ws), new ReportRequest(NOVEMBER_FROM, NOVEMBER_TO, ReportGroupBy.STATUS,
                UTC, Optional.empty(), Optional.of(new LineId(otherLine))));
        assertThat(viaOtherLine.rows()).isEmpty();
        assertThat(viaOtherLine.totals().total()).isZero();
        assertThat(viaOtherLine.totals().acceptToSent()).isEqualTo(Latency.NONE);

        MessageReport theirs = reports.report(caller(other), new ReportRequest(NOVEMBER_FROM, NOVEMBER_TO, ReportGroupBy.STATUS,
                UTC, Optional.empty(), Optional.empty()));
        assertThat(theirs.totals().total()).isEqualTo(1);
        assertThat(theirs.totals().failureReasons()).containsExactly(new FailureReason("OTHER_TENANT", 1));
    }

    @Test
    void failureReasons_areTheTopFive_mostFirst_tiesByCode() {
        String w = rows.workspace();
        String l = rows.line(w);
        String saved = lead;
        lead = rows.lead(w);
        Instant at = Instant.parse("2026-11-20T00:00:00Z");
        // G x6, F x5, E x4, D x3, C x3, B x2, A x1: C and D tie for fourth (C first), B and A left out
        String[] codes = {"G", "F", "E", "D", "C", "B", "A"};
        int[] times = {6, 5, 4, 3, 3, 2, 1};
        for (int i = 0; i < codes.length; i++) {
            for (int k = 0; k < times[i]; k++) {
                msg(w, l, "sms", k % 2 == 0 ? "failed" : "fallback", at, null, null, null, false, codes[i]);
            }
        }
        lead = saved;

        MessageReport report = reports.report(caller(w), new ReportRequest(NOVEMBER_FROM, NOVEMBER_TO, ReportGroupBy.MESSAGE_TYPE,
                UTC, Optional.empty(), Optional.empty()));

        List<FailureReason> expected = List.of(new FailureReason("G", 6), new FailureReason("F", 5), new FailureReason("E", 4),
                new FailureReason("C", 3), new FailureReason("D", 3));
        assertThat(report.totals().failureReasons()).isEqualTo(expected);
        assertThat(row(report, "sms").figures().failureReasons()).isEqualTo(expected);
    }

    @Test
    void byDay_inLosAngeles_theDayDaylightSavingEnds_has25Hours_andEmptyDaysAreZero() {
        String w = rows.workspace();
        String l = rows.line(w);
        String saved = lead;
        lead = rows.lead(w);
        // 2026-11-01: PDT (UTC-7) until 02:00, then PST (UTC-8); local midnights 2026-10-31T07:00Z, 11-01T07:00Z, 11-02T08:00Z
        msg(w, l, "sms", "sent", Instant.parse("2026-11-01T06:59:59.999Z"), null, 10L, null, false, null); // Oct 31, 23:59:59.999
        msg(w, l, "sms", "sent", Instant.parse("2026-11-01T07:00:00Z"), null, 20L, null, false, null); // Nov 1, 00:00 PDT
        msg(w, l, "sms", "sent", Instant.parse("2026-11-02T07:30:00Z"), null, 30L, null, false, null); // Nov 1, 23:30 PST
        msg(w, l, "sms", "sent", Instant.parse("2026-11-02T08:00:00Z"), null, 40L, null, false, null); // Nov 2, 00:00 PST
        lead = saved;

        MessageReport report = reports.report(caller(w), new ReportRequest(Optional.of(Instant.parse("2026-10-31T07:00:00Z")),
                Optional.of(Instant.parse("2026-11-04T08:00:00Z")), ReportGroupBy.DAY, ZoneId.of("America/Los_Angeles"),
                Optional.empty(), Optional.empty()));

        assertThat(report.rows()).extracting(r -> r.key().orElseThrow(), r -> r.figures().total()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("2026-10-31", 1L), org.assertj.core.groups.Tuple.tuple("2026-11-01", 2L),
                org.assertj.core.groups.Tuple.tuple("2026-11-02", 1L), org.assertj.core.groups.Tuple.tuple("2026-11-03", 0L));
        assertThat(row(report, "2026-11-01").figures().acceptToSent()).isEqualTo(latency(20, 30));
        assertThat(row(report, "2026-11-03").figures()).isEqualTo(Figures.empty());
        assertThat(report.totals().total()).isEqualTo(4);

        MessageReport utc = reports.report(caller(w), new ReportRequest(Optional.of(Instant.parse("2026-10-31T07:00:00Z")),
                Optional.of(Instant.parse("2026-11-04T08:00:00Z")), ReportGroupBy.DAY, UTC, Optional.empty(), Optional.empty()));
        assertThat(utc.rows()).as("the same messages by UTC days; the first day starts at from").extracting(r -> r.key().orElseThrow(),
                r -> r.figures().total()).containsExactly(org.assertj.core.groups.Tuple.tuple("2026-10-31", 0L),
                org.assertj.core.groups.Tuple.tuple("2026-11-01", 2L), org.assertj.core.groups.Tuple.tuple("2026-11-02", 2L),
                org.assertj.core.groups.Tuple.tuple("2026-11-03", 0L), org.assertj.core.groups.Tuple.tuple("2026-11-04", 0L));
    }

    @Test
    void defaults_areTheLast30DaysToNowByUtcDay() {
        MessageReport report = reports.report(caller(ws), new ReportRequest(Optional.empty(), Optional.empty(), ReportGroupBy.DAY,
                UTC, Optional.empty(), Optional.empty()));

        assertThat(report.to()).isEqualTo(NOW);
        assertThat(report.from()).as("30 days before now: November").isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(report.rows()).hasSize(30);
        assertThat(report.rows().get(0).key()).contains("2026-11-01");
        assertThat(report.rows().get(29).key()).contains("2026-11-30");
        assertThat(row(report, "2026-11-10").figures().total()).isEqualTo(12);
        assertThat(report.totals().total()).as("neither the one just before from nor the one at to").isEqualTo(12);
    }

    @Test
    void aBackwardsEmptyOrTooLongPeriod_isRefusedNamingFrom() {
        Instant to = Instant.parse("2026-11-30T00:00:00Z");
        for (Instant from : List.of(to, to.plusMillis(1), to.minusSeconds(366L * 86400 + 1))) {
            assertThatThrownBy(() -> reports.report(caller(ws), new ReportRequest(Optional.of(from), Optional.of(to),
                    ReportGroupBy.DAY, UTC, Optional.empty(), Optional.empty())))
                    .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.details()).extracting(FieldError::field)
                            .containsExactly("from"));
        }
        MessageReport year = reports.report(caller(ws), new ReportRequest(Optional.of(to.minusSeconds(366L * 86400)), Optional.of(to),
                ReportGroupBy.DAY, UTC, Optional.empty(), Optional.empty()));
        assertThat(year.rows()).as("366 days exactly is allowed").hasSize(366);
    }
}
