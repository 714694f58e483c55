package ai.tuco.bootstrap.api;

import static ai.tuco.bootstrap.api.ApiFixture.freshPhone;
import static ai.tuco.bootstrap.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.WorkspaceStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code GET /api/reports/messages} over real HTTP on real PostgreSQL (every answer checked against the OpenAPI
 * document by {@code TestHttp}): messages accepted through the API, then moved on with SQL as a provider would, read
 * back by channel, batch and day; members and admins may read it, other workspaces see none of it, and every bad
 * parameter is a 400 naming it. The figures' arithmetic is tested by hand in {@code MessageReportsOnPostgresTest}.
 */
class ReportApiTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static ApiFixture api;
    static TestWorkspace a;
    static String member;
    static String smsLine;
    static String bMember;
    static String window;

    @BeforeAll
    static void start() {
        api = ApiFixture.start(db);
        a = api.workspace("US");
        member = api.key(a.id(), Role.MEMBER, Optional.empty());
        smsLine = api.line(a.id(), "+13125556001", Channel.SMS);
        api.line(a.id(), "team@rep.example", Channel.EMAIL);
        TestWorkspace b = api.workspace("US");
        bMember = api.key(b.id(), Role.MEMBER, Optional.empty());
        api.line(b.id(), "+13125556101", Channel.SMS);

        List<String> sms = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sms.add(api.send(member, json("message", "hi " + i, "messageType", "sms", "recipientPhone", freshPhone(),
                    "batchId", "rep-1")).at("/message/_id").asText());
        }
        String email = api.send(member, json("message", "hello", "messageType", "email", "recipientEmail", "ann@rep.example"))
                .at("/message/_id").asText();
        api.send(bMember, json("message", "theirs", "messageType", "sms", "recipientPhone", freshPhone(), "batchId", "rep-1"));
        // as the dispatcher and provider would leave them: two delivered, one failed before sending, the email sent
        for (String id : sms.subList(0, 2)) {
            api.exec("UPDATE messages SET status = 'delivered', sent_at = created_at + interval '1 second',"
                    + " delivered_at = created_at + interval '4 seconds' WHERE id = ?", id);
        }
        api.exec("UPDATE messages SET status = 'failed', error_code = 'CARRIER_REJECTED', error_message = 'no' WHERE id = ?",
                sms.get(2));
        api.exec("UPDATE messages SET status = 'sent', sent_at = created_at + interval '2 seconds' WHERE id = ?", email);
        Instant now = Instant.now();
        window = "from=" + now.minusSeconds(3600) + "&to=" + now.plusSeconds(3600);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    static JsonNode report(String key, String query) {
        var r = api.get(key, "/api/reports/messages?" + query);
        assertThat(r.status()).as(query + " -> " + r.body()).isEqualTo(200);
        return r.json();
    }

    static JsonNode row(JsonNode report, String key) {
        for (JsonNode row : report.get("rows")) {
            if (row.get("key").asText().equals(key)) {
                return row;
            }
        }
        throw new AssertionError("no row " + key + " in " + report);
    }

    @Test
    void byMessageType_countsRatesAndTimes_emailHasNoRate() {
        JsonNode report = report(member, window + "&groupBy=messageType");

        assertThat(report.get("groupBy").asText()).isEqualTo("messageType");
        assertThat(report.get("timezone").asText()).isEqualTo("UTC");
        assertThat(report.get("rows").findValuesAsText("key")).containsExactly("sms", "email");
        JsonNode sms = row(report, "sms");
        assertThat(sms.get("total").asLong()).isEqualTo(3);
        assertThat(sms.at("/counts/delivered").asLong()).isEqualTo(2);
        assertThat(sms.at("/counts/failed").asLong()).isEqualTo(1);
        assertThat(sms.at("/counts/queued").asLong()).isZero();
        assertThat(sms.get("deliveryRate").asDouble()).isEqualTo(1.0);
        assertThat(sms.at("/failureReasons/0/errorCode").asText()).isEqualTo("CARRIER_REJECTED");
        assertThat(sms.at("/acceptToDelivered/medianMs").asLong()).isEqualTo(4000);
        JsonNode email = row(report, "email");
        assertThat(email.get("deliveryRate").isNull()).isTrue();
        assertThat(email.at("/acceptToDelivered/medianMs").isNull()).isTrue();
        JsonNode totals = report.get("totals");
        assertThat(totals.get("total").asLong()).isEqualTo(4);
        // sent after 1000, 1000 and 2000 ms: nearest-rank median the 2nd, p90 the 3rd
        assertThat(totals.at("/acceptToSent/medianMs").asLong()).isEqualTo(1000);
        assertThat(totals.at("/acceptToSent/p90Ms").asLong()).isEqualTo(2000);
    }

    @Test
    void byDefault_theLast30DaysByUtcDay_zeroFilled() {
        JsonNode report = report(member, "");

        assertThat(report.get("groupBy").asText()).isEqualTo("day");
        Instant from = Instant.parse(report.get("from").asText());
        Instant to = Instant.parse(report.get("to").asText());
        assertThat(java.time.Duration.between(from, to)).isEqualTo(java.time.Duration.ofDays(30));
        List<String> days = report.get("rows").findValuesAsText("key");
        assertThat(days.get(0)).isEqualTo(LocalDate.ofInstant(from, ZoneOffset.UTC).toString());
        assertThat(days).hasSizeBetween(30, 31).doesNotHaveDuplicates();
        long sum = 0;
        for (JsonNode row : report.get("rows")) {
            sum += row.get("total").asLong();
        }
        assertThat(sum).isEqualTo(4);
        assertThat(report.at("/totals/total").asLong()).isEqualTo(4);
    }

    @Test
    void aBatchOrLineFilter_andAnotherWorkspace_seeOnlyTheirOwn() {
        JsonNode batch = report(member, window + "&groupBy=batch&batchId=rep-1");
        assertThat(batch.get("rows").findValuesAsText("key")).containsExactly("rep-1");
        assertThat(batch.at("/totals/total").asLong()).as("not workspace B's rep-1").isEqualTo(3);

        JsonNode byBatch = report(member, window + "&groupBy=batch");
        assertThat(byBatch.at("/rows/1/key").isNull()).as("the email has no batch").isTrue();

        JsonNode line = report(member, window + "&groupBy=line&lineId=" + smsLine);
        assertThat(line.get("rows").findValuesAsText("key")).containsExactly(smsLine);

        assertThat(report(bMember, window).at("/totals/total").asLong()).isEqualTo(1);
        assertThat(report(bMember, window + "&lineId=" + smsLine).at("/totals/total").asLong()).isZero();
    }

    @Test
    void adminsAndReadOnlyWorkspaces_mayReadIt_anonymousMayNot() {
        assertThat(report(a.adminKey(), window).get("success").asBoolean()).isTrue();
        TestWorkspace c = api.workspace("US");
        String cMember = api.key(c.id(), Role.MEMBER, Optional.empty());
        api.setStatus(c.id(), WorkspaceStatus.READ_ONLY);
        assertThat(report(cMember, window).at("/totals/total").asLong()).isZero();

        var anonymous = api.http.get("/api/reports/messages");
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "groupBy=week | groupBy", "groupBy=Day | groupBy", "timezone=Mars/Olympus | timezone", "timezone=+25:00 | timezone",
        "from=yesterday | from", "to=2026-01-01T00:00:00 | to", "lineId=nothex | lineId",
        "from=+300000-01-01T00:00:00Z&to=+300000-01-02T00:00:00Z | from,to", "to=-0001-01-01T00:00:00Z | to",
        "from=2024-01-01T00:00:00Z&to=2025-01-02T00:00:01Z | from", "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z | from",
        "from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z | from"})
    void aBadParameter_isA400NamingIt(String query, String field) {
        var r = api.get(member, "/api/reports/messages?" + query);

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(r.json().get("details").findValuesAsText("field")).containsExactly(field.split(","));
    }

    @Test
    void severalBadParameters_areNamedAtOnce_andTheRangeLimitIsInTheMessage() {
        var r = api.get(member, "/api/reports/messages?groupBy=hour&timezone=Nowhere&batchId=" + "x".repeat(129));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("details").findValuesAsText("field")).containsExactly("groupBy", "timezone", "batchId");

        var tooLong = api.get(member, "/api/reports/messages?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z");
        assertThat(tooLong.json().get("error").asText()).contains("366 days");
    }
}
