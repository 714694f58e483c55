package ai.tuco.bootstrap.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A line's caps at their edges, their UTC resets (with the clock moved by hand), pacing and round-robin claiming. */
class CapsAndPacingTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static MutableClock clock = new MutableClock(DispatchHarness.T0);
    static DispatchHarness h;

    @BeforeAll
    static void start() {
        h = new DispatchHarness(db, clock, DispatchHarness.testSettings());
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private long count(List<String> ids, String status, TestWorkspace ws) {
        return ids.stream().filter(id -> h.status(ws, id).equals(status)).count();
    }

    @Test
    void dailyTotalCap_the75thMessageIsSent_the76thWaitsQueuedUntil0000Utc() {
        clock.set(Instant.parse("2026-04-01T22:30:00Z"));
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        LeadId lead = h.lead(ws, "Gus", "+12025552001");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 76; i++) {
            ids.add(h.send(ws, line, Channel.SMS, lead, "message " + i));
        }

        assertThat(h.dispatchAll("d1")).isEqualTo(75);
        assertThat(count(ids, "sent", ws)).isEqualTo(75);
        String last = ids.stream().filter(id -> h.status(ws, id).equals("queued")).findFirst().orElseThrow();
        assertThat(h.events(ws, last)).as("a capped message is not rewritten").hasSize(1);
        var usage = h.get(ws, "/api/lines/by-user").json().get("lines").get(0).get("usage");
        assertThat(usage.get("totalMessagesCount").asInt()).isEqualTo(75);
        assertThat(usage.get("newConversationsCount").asInt()).isEqualTo(1);

        clock.set(Instant.parse("2026-04-01T23:59:59.999Z"));
        assertThat(h.dispatchAll("d1")).isZero();
        clock.set(Instant.parse("2026-04-02T00:00:00Z"));
        assertThat(h.dispatchAll("d1")).isEqualTo(1);
        assertThat(h.status(ws, last)).isEqualTo("sent");
    }

    @Test
    void hourlyNewConversationCap_blocksOnlyNewConversations_untilTheTopOfTheHour() {
        clock.set(Instant.parse("2026-04-05T10:20:00Z"));
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        h.exec("UPDATE lines SET hourly_new_conversations_limit = 2 WHERE id = ?", line.value());
        LeadId a = h.lead(ws, "A", "+12025552011");
        LeadId b = h.lead(ws, "B", "+12025552012");
        LeadId c = h.lead(ws, "C", "+12025552013");
        String toA = h.send(ws, line, Channel.SMS, a, "hi");
        String toB = h.send(ws, line, Channel.SMS, b, "hi");
        String toC = h.send(ws, line, Channel.SMS, c, "hi");
        h.dispatchAll("d1");
        String followUp = h.send(ws, line, Channel.SMS, a, "again");
        h.dispatchAll("d1");

        assertThat(List.of(h.status(ws, toA), h.status(ws, toB), h.status(ws, toC), h.status(ws, followUp)))
                .containsExactly("sent", "sent", "queued", "sent");

        clock.set(Instant.parse("2026-04-05T10:59:59Z"));
        h.dispatchAll("d1");
        assertThat(h.status(ws, toC)).isEqualTo("queued");
        clock.set(Instant.parse("2026-04-05T11:00:00Z"));
        h.dispatchAll("d1");
        assertThat(h.status(ws, toC)).isEqualTo("sent");
    }

    @Test
    void emailLines_skipTheHourlyCap() {
        clock.set(Instant.parse("2026-04-06T10:20:00Z"));
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.EMAIL);
        h.exec("UPDATE lines SET hourly_new_conversations_limit = 1 WHERE id = ?", line.value());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(h.send(ws, Map.of("message", "hi", "messageType", "email", "fromLineId", line.value(),
                    "recipientEmail", "lead" + i + "@corp.example")));
        }
        h.dispatchAll("d1");
        assertThat(count(ids, "sent", ws)).isEqualTo(3);
    }

    @Test
    void dailyNewConversationCap_waitsForTheNextUtcDay_notTheNextHour() {
        clock.set(Instant.parse("2026-04-07T10:20:00Z"));
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        h.exec("UPDATE lines SET daily_new_conversations_limit = 2 WHERE id = ?", line.value());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(h.send(ws, Map.of("message", "hi", "messageType", "sms", "fromLineId", line.value(),
                    "recipientPhone", "+120255520" + (20 + i))));
        }
        h.dispatchAll("d1");
        assertThat(count(ids, "sent", ws)).isEqualTo(2);
        clock.set(Instant.parse("2026-04-07T23:00:00Z"));
        h.dispatchAll("d1");
        assertThat(count(ids, "sent", ws)).isEqualTo(2);
        clock.set(Instant.parse("2026-04-08T00:00:00Z"));
        h.dispatchAll("d1");
        assertThat(count(ids, "sent", ws)).isEqualTo(3);
    }

    @Test
    void pacing_sendsOneMessagePerPacingInterval() {
        clock.set(Instant.parse("2026-04-09T10:00:00Z"));
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        h.exec("UPDATE lines SET pacing_seconds = 60 WHERE id = ?", line.value());
        LeadId lead = h.lead(ws, "P", "+12025552031");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(h.send(ws, line, Channel.SMS, lead, "m" + i));
        }
        assertThat(h.dispatchAll("d1")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(59));
        assertThat(h.dispatchAll("d1")).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(h.dispatchAll("d1")).isEqualTo(1);
        assertThat(count(ids, "sent", ws)).isEqualTo(2);
        assertThat(h.status(ws, ids.get(0))).as("oldest first").isEqualTo("sent");
    }

    @Test
    void claims_takeTheHeadsOfEveryLineInTurn_soABacklogOnOneLineDoesNotStarveAnother() {
        clock.set(Instant.parse("2026-04-10T10:00:00Z"));
        var ws = h.workspace();
        LineId busy = h.line(ws, Channel.SMS);
        LineId quiet = h.line(ws, Channel.SMS);
        LeadId lead = h.lead(ws, "R", "+12025552041");
        for (int i = 0; i < 25; i++) {
            h.send(ws, busy, Channel.SMS, lead, "backlog " + i);
        }
        clock.advance(Duration.ofSeconds(1));
        String late = h.send(ws, quiet, Channel.SMS, lead, "late but on another line");

        int perLine = DispatchHarness.testSettings().perLine();
        assertThat(h.dispatch().dispatchOnce("d1")).as(perLine + " heads of the busy line, then the quiet line's")
                .isEqualTo(perLine + 1);
        assertThat(h.status(ws, late)).isEqualTo("sent");
        h.dispatchAll("d1");
    }

    @Test
    void twoDispatchersRacingOneLine_neverPassTheCap_norSendAMessageTwice() {
        clock.set(Instant.parse("2026-04-11T10:00:00Z"));
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        h.exec("UPDATE lines SET daily_total_messages_limit = 30 WHERE id = ?", line.value());
        LeadId lead = h.lead(ws, "S", "+12025552051");
        List<String> ids = IntStream.range(0, 60).mapToObj(i -> h.send(ws, line, Channel.SMS, lead, "m" + i)).toList();

        var one = CompletableFuture.supplyAsync(() -> h.dispatchAll("racer-1"));
        var two = CompletableFuture.supplyAsync(() -> h.dispatchAll("racer-2"));
        assertThat(one.join() + two.join()).isGreaterThanOrEqualTo(30);

        assertThat(count(ids, "sent", ws)).isEqualTo(30);
        assertThat(h.sql("SELECT total_messages FROM line_usage WHERE line_id = ? AND period = 'day'", line.value())).isEqualTo(30);
        assertThat(h.sql("SELECT count(*) FROM sandbox_sends WHERE line_id = ?", line.value()))
                .isEqualTo(h.sql("SELECT count(DISTINCT message_id) FROM sandbox_sends WHERE line_id = ?", line.value()))
                .isEqualTo(30);
    }
}
