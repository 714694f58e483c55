package ai.tuco.bootstrap.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.bootstrap.Scrape;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /metrics} over real HTTP while messages go through real dispatch on PostgreSQL and the sandbox: accepts,
 * finishes by status and channel, provider timings, the queue gauges and line cap deferrals. Counters only grow, so
 * each test compares the scrape after its action with the one before.
 */
class DispatchMetricsTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static final MutableClock clock = new MutableClock(DispatchHarness.T0);
    static DispatchHarness h;

    @BeforeAll
    static void start() {
        h = new DispatchHarness(db, clock, DispatchHarness.testSettings());
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    static Scrape scrape() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(h.base + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            return Scrape.parse(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void acceptedThenSentAndDelivered_areCountedByStatusAndChannel_withTheSandboxCallTimed() {
        clock.set(Instant.parse("2026-03-10T12:00:00Z"));
        TestWorkspace ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        LeadId lead = h.lead(ws, "Walt", "+12025553001");
        Scrape before = scrape();

        String id = h.send(ws, line, Channel.SMS, lead, "hello");
        Scrape accepted = scrape();
        assertThat(accepted.value("tuco_messages_accepted_total", "channel", "sms")
                - before.value("tuco_messages_accepted_total", "channel", "sms")).isEqualTo(1);
        assertThat(accepted.value("tuco_messages_finished_total", "channel", "sms"))
                .isEqualTo(before.value("tuco_messages_finished_total", "channel", "sms"));

        assertThat(h.dispatchAll("d1")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        h.pumpSandbox();
        assertThat(h.status(ws, id)).isEqualTo("delivered");

        Scrape after = scrape();
        assertThat(after.value("tuco_messages_finished_total", "status", "sent", "channel", "sms")
                - before.value("tuco_messages_finished_total", "status", "sent", "channel", "sms")).isEqualTo(1);
        assertThat(after.value("tuco_messages_finished_total", "status", "delivered", "channel", "sms")
                - before.value("tuco_messages_finished_total", "status", "delivered", "channel", "sms")).isEqualTo(1);
        assertThat(after.value("tuco_messages_finished_total", "status", "failed")
                - before.value("tuco_messages_finished_total", "status", "failed")).isZero();
        String[] sandboxSends = {"provider", "sandbox", "operation", "send", "outcome", "ok"};
        assertThat(after.value("tuco_provider_calls_seconds_count", sandboxSends)
                - before.value("tuco_provider_calls_seconds_count", sandboxSends)).isEqualTo(1);
        assertThat(after.value("tuco_provider_calls_seconds_sum", sandboxSends)).isPositive();
        assertThat(after.has("tuco_provider_calls_seconds_bucket", "provider", "sandbox", "le", "0.1")).isTrue();
    }

    @Test
    void permanentRejection_isCountedAsFailed_andTheProviderCallAsRejected() {
        clock.set(Instant.parse("2026-03-11T12:00:00Z"));
        TestWorkspace ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        LeadId lead = h.lead(ws, "Jesse", "+12025550101"); // the sandbox refuses this number for good
        Scrape before = scrape();

        String id = h.send(ws, line, Channel.SMS, lead, "hello");
        h.dispatchAll("d1");
        assertThat(h.status(ws, id)).isEqualTo("failed");

        Scrape after = scrape();
        assertThat(after.value("tuco_messages_finished_total", "status", "failed", "channel", "sms")
                - before.value("tuco_messages_finished_total", "status", "failed", "channel", "sms")).isEqualTo(1);
        String[] rejected = {"provider", "sandbox", "operation", "send", "outcome", "rejected"};
        assertThat(after.value("tuco_provider_calls_seconds_count", rejected)
                - before.value("tuco_provider_calls_seconds_count", rejected)).isEqualTo(1);
    }

    @Test
    void cancelledThroughTheApi_isCountedAsCancelled() {
        clock.set(Instant.parse("2026-03-12T12:00:00Z"));
        TestWorkspace ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        String id = h.send(ws, line, Channel.SMS, h.lead(ws, "Skyler", "+12025553002"), "hello");
        Scrape before = scrape();

        assertThat(h.post(ws, "/api/messages/" + id + "/cancel", java.util.Map.of()).status()).isEqualTo(200);
        // a refused cancel (already cancelled: 409) rolls back and counts nothing
        assertThat(h.post(ws, "/api/messages/" + id + "/cancel", java.util.Map.of()).status()).isEqualTo(409);

        Scrape after = scrape();
        assertThat(after.value("tuco_messages_finished_total", "status", "cancelled", "channel", "sms")
                - before.value("tuco_messages_finished_total", "status", "cancelled", "channel", "sms")).isEqualTo(1);
    }

    @Test
    void queuedMessages_showInTheQueueDepthGauge_withTheOldestDueMessagesAge() {
        clock.set(Instant.parse("2026-03-13T12:00:00Z"));
        TestWorkspace ws = h.workspace();
        LineId line = h.line(ws, Channel.EMAIL);
        LeadId lead = h.lead(ws, "Hank", null, "hank@example.com", List.of(), List.of(), java.util.Map.of());
        long dueBefore = h.sql("SELECT count(*) FROM dispatch_queue WHERE lease_owner IS NULL AND due_at <= ?", clock.instant());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(h.send(ws, line, Channel.EMAIL, lead, "queued " + i));
        }
        clock.advance(Duration.ofSeconds(90));

        // the gauges are read at most every few seconds: wait for a fresh read
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Scrape s = scrape();
            assertThat(s.value("tuco_dispatch_queue_depth", "state", "due")).isEqualTo(dueBefore + 3);
            assertThat(s.value("tuco_dispatch_queue_oldest_due_age_seconds")).isGreaterThanOrEqualTo(90);
        });

        h.dispatchAll("d1");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(scrape().value("tuco_dispatch_queue_depth", "state", "due")).isEqualTo(dueBefore));
    }

    @Test
    void aClaimThatFindsTheLinesCapReached_isCountedAsADeferralWithItsReason() {
        clock.set(Instant.parse("2026-03-14T10:20:00Z"));
        TestWorkspace ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        h.exec("UPDATE lines SET hourly_new_conversations_limit = 1 WHERE id = ?", line.value());
        h.send(ws, line, Channel.SMS, h.lead(ws, "A", "+12025553011"), "hi");
        String waiting = h.send(ws, line, Channel.SMS, h.lead(ws, "B", "+12025553012"), "hi");
        Scrape before = scrape();

        h.dispatchAll("d1");
        assertThat(h.status(ws, waiting)).isEqualTo("queued");

        // the first reservation reached the cap and closed the line's new-conversation gate; the second found it closed
        Scrape after = scrape();
        assertThat(after.value("tuco_dispatch_deferrals_total", "reason", "new_conversations")
                - before.value("tuco_dispatch_deferrals_total", "reason", "new_conversations")).isEqualTo(1);
        assertThat(after.value("tuco_dispatch_deferrals_total") - before.value("tuco_dispatch_deferrals_total")).isEqualTo(1);
    }
}
