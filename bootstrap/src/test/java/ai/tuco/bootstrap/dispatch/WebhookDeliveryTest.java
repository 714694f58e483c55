package ai.tuco.bootstrap.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.webhook.port.in.DeliverWebhooksUseCase;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.bootstrap.TestWorkspaces;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhooks end to end on PostgreSQL: subscriptions over the HTTP API, message events from real dispatch (sandbox
 * provider), the outbox drained by the real use case (one claimer, run inline) to a real HTTP receiver, with the
 * clock moved by hand through hours and days of outage.
 */
class WebhookDeliveryTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private final MutableClock clock = new MutableClock(DispatchHarness.T0);
    private DispatchHarness h;
    private MockWebServer receiver;
    private volatile int answer = 200;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    record Received(String event, String messageId, int seq, int answeredWith, JsonNode body) {}

    @BeforeEach
    void start() throws IOException {
        h = new DispatchHarness(db, clock, DispatchHarness.testSettings(), "TUCO_WEBHOOK_ALLOW_HTTP", "true",
                "TUCO_ALLOW_PRIVATE_NETWORKS", "127.0.0.1/32");
        receiver = new MockWebServer();
        receiver.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                int code = answer;
                try {
                    JsonNode body = DispatchHarness.JSON.readTree(request.getBody().utf8());
                    received.add(new Received(body.get("event").asText(), body.at("/data/_id").asText(),
                            body.at("/data/seq").asInt(), code, body));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                return new MockResponse.Builder().code(code).body("answer " + code).build();
            }
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
        h.close();
    }

    private String subscribe(TestWorkspace ws, List<String> events) {
        var r = h.post(ws, "/api/webhooks", Map.of("url", receiver.url("/hook").toString(), "events", events, "name", "crm"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("secret").asText()).startsWith("whsec_");
        return r.json().get("_id").asText();
    }

    /** One message sent and then delivered through dispatch and the sandbox. */
    private String sentAndDelivered(TestWorkspace ws, LineId line) {
        String id = h.send(ws, line, Channel.SMS, h.lead(ws, "Ann", TestWorkspaces.freshAddress(Channel.SMS)), "hi {{firstName}}");
        h.dispatchAll("d");
        clock.advance(Duration.ofSeconds(2));
        h.pumpSandbox();
        assertThat(h.status(ws, id)).isEqualTo("delivered");
        return id;
    }

    /** Drains what is due now, as one worker would (each attempt run inline). */
    private void deliverDue() {
        DeliverWebhooksUseCase deliver = h.tuco.get(DeliverWebhooksUseCase.class);
        for (var claims = deliver.claim("w", 50, Set.of()); !claims.isEmpty(); claims = deliver.claim("w", 50, Set.of())) {
            claims.forEach(c -> c.send().run());
        }
    }

    private TestWorkspace workspaceWithLine() {
        return h.workspace();
    }

    @Test
    void givenSubscription_messageEvents_reachTheReceiverInOrder_withTheMessageAsTheApiShowsIt() {
        TestWorkspace ws = workspaceWithLine();
        LineId line = h.line(ws, Channel.SMS);
        String hook = subscribe(ws, List.of("message.sent", "message.delivered"));
        String m = sentAndDelivered(ws, line);

        assertThat(h.sql("SELECT count(*) FROM webhook_deliveries WHERE message_id = ?", m)).isEqualTo(2);
        deliverDue();

        assertThat(received).extracting(Received::event).containsExactly("message.sent", "message.delivered");
        assertThat(received).extracting(Received::seq).isSorted();
        JsonNode last = received.get(1).body();
        assertThat(last.get("workspaceId").asText()).isEqualTo(ws.idValue());
        ObjectNode data = last.get("data").deepCopy();
        data.remove("seq");
        assertThat(data).isEqualTo(h.message(ws, m));

        var deliveries = h.get(ws, "/api/messages/" + m + "/deliveries").json().get("deliveries");
        assertThat(deliveries).hasSize(2);
        deliveries.forEach(d -> {
            assertThat(d.get("status").asText()).isEqualTo("succeeded");
            assertThat(d.get("webhookId").asText()).isEqualTo(hook);
            assertThat(d.get("attempts").asInt()).isEqualTo(1);
        });
        var log = h.get(ws, "/api/webhooks/" + hook + "/deliveries").json();
        assertThat(log.at("/pagination/totalCount").asInt()).isEqualTo(2);
        assertThat(log.at("/deliveries/0/attemptLog/0/statusCode").asInt()).isEqualTo(200);
    }

    @Test
    void givenNoSubscription_events_writeNoOutboxRows() {
        TestWorkspace ws = workspaceWithLine();
        String m = sentAndDelivered(ws, h.line(ws, Channel.SMS));
        assertThat(h.sql("SELECT count(*) FROM webhook_deliveries WHERE message_id = ?", m)).isZero();
    }

    @Test
    void givenReceiverDownSixHours_everyEventArrives_inOrderPerMessage_atMostOneDuplicateEach() {
        TestWorkspace ws = workspaceWithLine();
        LineId line = h.line(ws, Channel.SMS);
        subscribe(ws, List.of("message.sent", "message.delivered"));
        answer = 503;
        Instant down = clock.instant();
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            messages.add(sentAndDelivered(ws, line));
        }
        while (clock.instant().isBefore(down.plus(Duration.ofHours(12)))) {
            if (!clock.instant().isBefore(down.plus(Duration.ofHours(6)))) {
                answer = 200;
            }
            deliverDue();
            clock.advance(Duration.ofMinutes(2));
        }

        for (String m : messages) {
            List<Received> ok = received.stream().filter(r -> r.messageId().equals(m) && r.answeredWith() == 200).toList();
            assertThat(ok).extracting(Received::event).containsExactly("message.sent", "message.delivered");
            // nothing of a message's later event went out before its earlier one was through
            List<Received> all = received.stream().filter(r -> r.messageId().equals(m)).toList();
            int firstDelivered = all.stream().map(Received::event).toList().indexOf("message.delivered");
            assertThat(all.subList(0, firstDelivered)).extracting(Received::answeredWith).last().isEqualTo(200);
        }
        assertThat(h.sql("SELECT count(*) FROM webhook_deliveries WHERE workspace_id = ? AND status <> 'succeeded'", ws.idValue())).isZero();
        assertThat(received.stream().filter(r -> r.answeredWith() == 503)).isNotEmpty();
    }

    @Test
    void givenGone_firstAttempt_disablesTheEndpointAtOnce() {
        TestWorkspace ws = workspaceWithLine();
        LineId line = h.line(ws, Channel.SMS);
        String hook = subscribe(ws, List.of("message.sent", "message.delivered"));
        answer = 410;
        sentAndDelivered(ws, line);
        deliverDue();
        clock.advance(Duration.ofHours(30));
        deliverDue();
        sentAndDelivered(ws, line);
        deliverDue();

        assertThat(received).hasSize(1);
        JsonNode w = h.get(ws, "/api/webhooks/" + hook).json().get("webhook");
        assertThat(w.get("enabled").asBoolean()).isFalse();
        assertThat(w.get("disabledReason").asText()).contains("410");
        assertThat(w.get("disabledAt").isNull()).isFalse();

        // re-enabled by an admin, it receives new events again
        var r = h.patch(ws, "/api/webhooks/" + hook, Map.of("enabled", true));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        answer = 200;
        sentAndDelivered(ws, line);
        deliverDue();
        assertThat(received).hasSize(3);
    }

    @Test
    void givenEveryAttemptFailingForFiveDays_theEndpointIsDisabled_andSaysWhy() {
        TestWorkspace ws = workspaceWithLine();
        LineId line = h.line(ws, Channel.SMS);
        String hook = subscribe(ws, List.of("message.delivered"));
        answer = 500;
        Instant start = clock.instant();
        boolean enabledAtFourDays = false;
        while (clock.instant().isBefore(start.plus(Duration.ofDays(6)))) {
            if (Duration.between(start, clock.instant()).toMinutes() % (6 * 60) < 10) {
                sentAndDelivered(ws, line);
            }
            deliverDue();
            if (!enabledAtFourDays && clock.instant().isAfter(start.plus(Duration.ofDays(4)))) {
                enabledAtFourDays = h.get(ws, "/api/webhooks/" + hook).json().at("/webhook/enabled").asBoolean();
            }
            clock.advance(Duration.ofMinutes(10));
        }
        assertThat(enabledAtFourDays).isTrue();
        JsonNode w = h.get(ws, "/api/webhooks/" + hook).json().get("webhook");
        assertThat(w.get("enabled").asBoolean()).isFalse();
        assertThat(w.get("disabledReason").asText()).contains("5 days");
        assertThat(h.sql("SELECT count(*) FROM webhook_deliveries WHERE workspace_id = ? AND status = 'pending'", ws.idValue())).isZero();
    }

    @Test
    void givenBadSubscription_create_answers400NamingTheFields() {
        TestWorkspace ws = workspaceWithLine();
        var r = h.post(ws, "/api/webhooks", Map.of("url", "ftp://example.com/x", "events", List.of("message.sent", "nope"),
                "name", "x"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("details").findValuesAsText("field")).contains("url", "events[1]");
        Map<String, Object> noEvents = new LinkedHashMap<>();
        noEvents.put("url", "https://example.com/x");
        noEvents.put("name", "x");
        assertThat(h.post(ws, "/api/webhooks", noEvents).json().get("details").findValuesAsText("field")).contains("events");
        assertThat(h.sql("SELECT count(*) FROM webhook_endpoints WHERE workspace_id = ?", ws.idValue())).isZero();
    }
}
