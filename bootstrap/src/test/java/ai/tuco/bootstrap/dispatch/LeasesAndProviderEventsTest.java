package ai.tuco.bootstrap.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.dispatch.DispatchSettings;
import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Claim;
import ai.tuco.application.dispatch.port.in.DispatchDueMessagesUseCase.Outcome;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase.Kind;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase.ProviderEvent;
import ai.tuco.application.dispatch.port.in.RecordProviderEventUseCase;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fenced leases (expiry, renewal, release), provider timeouts, cancel racing a claim, and provider events out of order. */
class LeasesAndProviderEventsTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static MutableClock clock = new MutableClock(DispatchHarness.T0);
    static DispatchHarness h;

    @BeforeAll
    static void start() {
        DispatchSettings settings = DispatchSettings.defaults(2)
                .withLease(Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofMillis(300))
                .withBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 2)
                .withSandbox(Duration.ofSeconds(1), Duration.ofSeconds(11));
        h = new DispatchHarness(db, clock, settings);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private String smsTo(TestWorkspace ws, LineId line, String phone) {
        return h.send(ws, Map.of("message", "hi", "messageType", "sms", "fromLineId", line.value(), "recipientPhone", phone));
    }

    private List<Claim> claimOnly(String owner, String messageId) {
        List<Claim> claims = h.dispatch().claim(owner);
        assertThat(claims).extracting(c -> c.messageId().value()).contains(messageId);
        return claims.stream().filter(c -> c.messageId().value().equals(messageId)).toList();
    }

    @Test
    void leaseExpiringUnderASlowProvider_theOtherClaimRecords_theLateOutcomeIsFencedOff() {
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        String id = smsTo(ws, line, "+12025553001");
        Claim slow = claimOnly("node-a", id).get(0);
        assertThat(h.status(ws, id)).isEqualTo("sending");

        clock.advance(Duration.ofSeconds(11));   // node-a's provider is still busy; its lease runs out
        assertThat(h.dispatch().sweepExpired()).isEqualTo(1);
        assertThat(h.dispatchAll("node-b")).isEqualTo(1);
        assertThat(h.status(ws, id)).isEqualTo("sent");
        String recorded = h.message(ws, id).get("externalMessageId").asText();

        assertThat(h.dispatch().send(slow)).isEqualTo(Outcome.LEASE_LOST);

        assertThat(h.message(ws, id).get("externalMessageId").asText()).isEqualTo(recorded);
        assertThat(h.events(ws, id)).filteredOn(e -> e.get("toStatus").asText().equals("sent")).hasSize(1);
        assertThat(h.events(ws, id)).extracting(e -> e.get("toStatus").asText()).containsExactly("queued", "sending", "sent");
    }

    @Test
    void renewedLease_survivesASlowProvider_andIsNotSwept() {
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        String id = smsTo(ws, line, "+12025553002");
        Claim claim = claimOnly("node-r", id).get(0);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(8));
            assertThat(h.dispatch().renewLeases("node-r")).isEqualTo(1);
            assertThat(h.dispatch().sweepExpired()).isZero();
        }
        assertThat(h.dispatch().send(claim)).isEqualTo(Outcome.SENT);
        assertThat(h.status(ws, id)).isEqualTo("sent");
    }

    @Test
    void slowerThanTheLease_isCutByTheProviderTimeout_retried_thenFailed_neverSent() {
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        String id = smsTo(ws, line, "+12025550105");
        h.dispatchAll("d1");
        JsonNode m = h.message(ws, id);
        assertThat(m.get("status").asText()).isEqualTo("queued");
        assertThat(m.get("errorCode").asText()).isEqualTo("PROVIDER_TIMEOUT");

        clock.advance(Duration.ofSeconds(2));
        h.dispatchAll("d1");
        m = h.message(ws, id);
        assertThat(m.get("status").asText()).as("TUCO_MAX_SEND_ATTEMPTS = 2 used up").isEqualTo("failed");
        assertThat(m.get("errorCode").asText()).isEqualTo("PROVIDER_TIMEOUT");
        assertThat(h.sql("SELECT count(*) FROM sandbox_sends WHERE message_id = ?", id)).isZero();
    }

    @Test
    void shutdownRelease_putsUnstartedClaimsBackQueued_andRefundsTheirUsage() {
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        String id = smsTo(ws, line, "+12025553003");
        List<Claim> claims = claimOnly("node-s", id);
        assertThat(h.sql("SELECT total_messages FROM line_usage WHERE line_id = ? AND period = 'day'", line.value())).isEqualTo(1);

        h.dispatch().release(claims);

        assertThat(h.status(ws, id)).isEqualTo("queued");
        assertThat(h.sql("SELECT count(*) FROM dispatch_queue WHERE message_id = ? AND lease_owner IS NULL", id)).isEqualTo(1);
        assertThat(h.sql("SELECT total_messages FROM line_usage WHERE line_id = ? AND period = 'day'", line.value())).isZero();
        h.dispatchAll("d1");
        assertThat(h.status(ws, id)).isEqualTo("sent");
        assertThat(h.ledger(id, "accepted")).isEqualTo(1);
    }

    @Test
    void cancelRacingAClaim_endsCancelledOrSent_neverBoth() {
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        for (int i = 0; i < 15; i++) {
            String id = smsTo(ws, line, "+120255531" + String.format("%02d", i));
            var cancel = CompletableFuture.supplyAsync(() -> h.post(ws, "/api/messages/" + id + "/cancel", Map.of()));
            var dispatch = CompletableFuture.supplyAsync(() -> h.dispatchAll("racer"));
            int cancelStatus = cancel.join().status();
            dispatch.join();
            h.dispatchAll("racer");
            String status = h.status(ws, id);
            long sends = h.sql("SELECT count(*) FROM sandbox_sends WHERE message_id = ?", id);
            if (cancelStatus == 200) {
                assertThat(status).isEqualTo("cancelled");
                assertThat(sends).isZero();
            } else {
                assertThat(cancelStatus).isEqualTo(409);
                assertThat(status).isEqualTo("sent");
                assertThat(sends).isEqualTo(1);
            }
        }
    }

    @Test
    void providerEventsLateEarlyOrTwice_neverMoveAStatusBackwards_andAreNeverAnError() {
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        String id = smsTo(ws, line, "+12025553004");
        Claim claim = claimOnly("node-e", id).get(0);
        RecordProviderEventUseCase events = h.tuco.get(RecordProviderEventUseCase.class);
        MessageId mid = new MessageId(id);

        // "delivered" arrives before our own "sent" is recorded
        assertThat(events.record(ProviderEvent.of(mid, Kind.DELIVERED))).isEqualTo(RecordProviderEventUseCase.Result.APPLIED);
        assertThat(h.status(ws, id)).isEqualTo("delivered");
        assertThat(h.dispatch().send(claim)).isEqualTo(Outcome.SENT);
        JsonNode m = h.message(ws, id);
        assertThat(m.get("status").asText()).isEqualTo("delivered");
        assertThat(m.get("externalMessageId").asText()).startsWith("sbx_");
        assertThat(m.get("renderedMessage").asText()).isEqualTo("hi");

        // late "sent", repeated "delivered", a "failed" after delivery, then a read receipt
        assertThat(events.record(ProviderEvent.of(mid, Kind.SENT))).isEqualTo(RecordProviderEventUseCase.Result.IGNORED);
        assertThat(events.record(ProviderEvent.of(mid, Kind.DELIVERED))).isEqualTo(RecordProviderEventUseCase.Result.IGNORED);
        assertThat(events.record(new ProviderEvent(Optional.empty(), Optional.of(m.get("externalMessageId").asText()),
                Kind.FAILED, Optional.of("X"), Optional.of("late failure")))).isEqualTo(RecordProviderEventUseCase.Result.IGNORED);
        assertThat(events.record(ProviderEvent.of(mid, Kind.READ))).isEqualTo(RecordProviderEventUseCase.Result.APPLIED);
        clock.advance(Duration.ofSeconds(1));
        h.pumpSandbox();   // the sandbox's own "delivered" comes too, and is ignored

        m = h.message(ws, id);
        assertThat(m.get("status").asText()).isEqualTo("delivered");
        assertThat(m.get("readAt").isNull()).isFalse();
        assertThat(m.get("errorCode").isNull()).isTrue();
        List<JsonNode> history = h.events(ws, id);
        assertThat(history).extracting(e -> e.get("seq").asInt()).isSorted().doesNotHaveDuplicates();
        assertThat(history).extracting(e -> e.get("type").asText() + ">" + e.get("toStatus").asText())
                .containsExactly("accepted>queued", "status_changed>sending", "status_changed>delivered",
                        "send_recorded>delivered", "ignored>sent", "ignored>delivered", "ignored>failed",
                        "read>delivered", "ignored>delivered");
    }

    @Test
    void dueSandboxOutcomes_areReportedAsOneBatch_inOneTransaction() {
        var ws = h.workspace();
        LineId line = h.line(ws, Channel.SMS);
        h.exec("UPDATE lines SET pacing_seconds = 0 WHERE id = ?", line.value());
        String[] ids = {smsTo(ws, line, "+12025553101"), smsTo(ws, line, "+12025553102"), smsTo(ws, line, "+12025553103")};
        assertThat(h.dispatchAll("node-batch")).isGreaterThanOrEqualTo(3);
        clock.advance(Duration.ofSeconds(2));
        assertThat(h.pumpSandbox()).isGreaterThanOrEqualTo(3);

        for (String id : ids) {
            assertThat(h.status(ws, id)).isEqualTo("delivered");
        }
        // rows written by one transaction share its id (xmin)
        assertThat(h.sql("SELECT count(DISTINCT xmin::text) FROM message_events WHERE message_id = ANY(?) AND to_status = 'delivered'",
                (Object) ids)).isEqualTo(1);
        assertThat(h.sql("SELECT count(*) FROM message_events WHERE message_id = ANY(?) AND to_status = 'delivered'",
                (Object) ids)).isEqualTo(3);
        assertThat(h.sql("SELECT count(*) FROM sandbox_outcomes WHERE message_id = ANY(?)", (Object) ids)).isZero();
    }

    @Test
    void unknownMessageEvent_isReportedNotThrown() {
        var result = h.tuco.get(RecordProviderEventUseCase.class).record(new ProviderEvent(Optional.empty(),
                Optional.of("sbx_nope"), Kind.DELIVERED, Optional.empty(), Optional.empty()));
        assertThat(result).isEqualTo(RecordProviderEventUseCase.Result.UNKNOWN_MESSAGE);
        assertThat(Instant.now()).isNotNull();
    }
}
