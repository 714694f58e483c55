package ai.tuco.bootstrap.api;

import static ai.tuco.bootstrap.api.ApiFixture.freshPhone;
import static ai.tuco.bootstrap.api.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.application.webhook.port.in.DeliverWebhooksUseCase;
import ai.tuco.bootstrap.Scrape;
import ai.tuco.bootstrap.TestHttp;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.testing.MutableClock;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.WorkspaceStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The webhook admin API end to end: the real service over real HTTP on its own PostgreSQL database, a real HTTP
 * receiver (mockwebserver3), signatures checked by a verifier written here from the two specifications' text (not the
 * signing code). The node runs no workers: the outbox is drained inline through the workers' use case, on a clock the
 * tests move (the 24-hour rotation window).
 */
class WebhookApiTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    static ApiFixture api;

    private MockWebServer receiver;

    @BeforeAll
    static void start() {
        api = ApiFixture.start(db, clock, "TUCO_WEBHOOK_ALLOW_HTTP", "true", "TUCO_ALLOW_PRIVATE_NETWORKS", "127.0.0.1/32,localhost");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @BeforeEach
    void receiver() throws Exception {
        // the workers' claim is not per workspace: what an earlier test left pending must not reach this test's receiver
        api.exec("UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL WHERE status = 'pending'");
        receiver = new MockWebServer();
        receiver.start();
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private record Created(String id, String secret) {}

    private Created subscribe(TestWorkspace ws, String... events) {
        var r = api.post(ws.adminKey(), "/api/webhooks", json("url", receiver.url("/hook").toString(),
                "events", List.of(events), "name", "crm", "description", "the CRM"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return new Created(r.json().get("_id").asText(), r.json().get("secret").asText());
    }

    private TestWorkspace workspace() {
        TestWorkspace ws = api.workspace("US");
        api.line(ws.id(), freshPhone(), Channel.SMS);
        return ws;
    }

    /** A message accepted and then cancelled through the API: one {@code message.cancelled} event. */
    private String cancelledMessage(TestWorkspace ws) {
        String id = api.send(ws.adminKey(), json("message", "Hi", "recipientPhone", freshPhone(), "messageType", "sms"))
                .at("/message/_id").asText();
        var r = api.post(ws.adminKey(), "/api/messages/" + id + "/cancel", "");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return id;
    }

    /** Drains what is due now, as one worker would, each attempt inline. @return attempts made */
    private static int deliverDue() {
        DeliverWebhooksUseCase deliver = api.tuco.get(DeliverWebhooksUseCase.class);
        int n = 0;
        for (var claims = deliver.claim("test", 50, Set.of()); !claims.isEmpty(); claims = deliver.claim("test", 50, Set.of())) {
            claims.forEach(c -> c.send().run());
            n += claims.size();
        }
        return n;
    }

    private RecordedRequest received() throws InterruptedException {
        RecordedRequest r = receiver.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).as("a request reached the receiver").isNotNull();
        return r;
    }

    private static void assertError(TestHttp.Response r, int status, String code) {
        assertThat(r.status()).as("%s", r.body()).isEqualTo(status);
        assertThat(r.json().get("success").asBoolean()).isFalse();
        assertThat(r.json().get("code").asText()).isEqualTo(code);
    }

    private static TestHttp.Response patch(String key, String path, String body) {
        return api.http.request("PATCH", path, java.net.http.HttpRequest.BodyPublishers.ofString(body), "application/json",
                "Authorization", "Bearer " + key);
    }

    private static TestHttp.Response delete(String key, String path) {
        return api.http.request("DELETE", path, java.net.http.HttpRequest.BodyPublishers.noBody(), null,
                "Authorization", "Bearer " + key);
    }

    // ---- the verifier, from the specifications' text ---------------------------------------------------------------

    private static byte[] hmacSha256(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** Tuco's family: hex HMAC-SHA256 of the exact body, keyed by the secret string as shown ({@code whsec_} included). */
    private static String tucoSignature(String secret, String body) {
        return HexFormat.of().formatHex(hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    /**
     * Standard Webhooks: {@code v1,} + base64 HMAC-SHA256 of {@code id.timestamp.body}, keyed by the base64-decoded
     * part after {@code whsec_}.
     */
    private static String standardSignature(String secret, String id, String timestamp, String body) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        return "v1," + Base64.getEncoder().encodeToString(hmacSha256(key, id + "." + timestamp + "." + body));
    }

    /** The signatures of a request's {@code webhook-signature} header that the secret verifies. */
    private static List<String> verifiedBy(RecordedRequest r, String secret) {
        String body = r.getBody().utf8();
        String expected = standardSignature(secret, r.getHeaders().get("webhook-id"), r.getHeaders().get("webhook-timestamp"), body);
        return List.of(r.getHeaders().get("webhook-signature").split(" ")).stream().filter(expected::equals).toList();
    }

    // ---- roles and workspace status --------------------------------------------------------------------------------

    @Test
    void aMemberKey_isForbidden_onEveryAdminWebhookRoute_andChangesNothing() {
        TestWorkspace ws = workspace();
        String member = api.key(ws.id(), Role.MEMBER, Optional.empty());
        Created hook = subscribe(ws, "message.cancelled");
        String message = cancelledMessage(ws);
        String delivery = api.strings("SELECT id FROM webhook_deliveries WHERE message_id = ?", message).get(0);
        long audits = api.count("SELECT count(*) FROM audit_log WHERE workspace_id = ?", ws.idValue());
        String base = "/api/webhooks/" + hook.id();

        List<TestHttp.Response> answers = List.of(
                api.post(member, "/api/webhooks", json("url", "https://example.com/h", "events", List.of("message.sent"), "name", "x")),
                api.get(member, "/api/webhooks"),
                api.get(member, base),
                patch(member, base, json("name", "mine")),
                delete(member, base),
                api.post(member, base + "/rotate-secret", ""),
                api.post(member, base + "/health-check", ""),
                api.get(member, base + "/deliveries"),
                api.post(member, base + "/deliveries/" + delivery + "/retry", ""),
                // 403 comes before the id's 404 and the body's 400
                api.get(member, "/api/webhooks/0123456789abcdef01234567"),
                api.post(member, "/api/webhooks", "{broken"));
        answers.forEach(r -> assertError(r, 403, "FORBIDDEN"));

        assertThat(receiver.getRequestCount()).as("the health check never ran").isZero();
        assertThat(api.count("SELECT count(*) FROM webhook_endpoints WHERE workspace_id = ?", ws.idValue())).isEqualTo(1);
        assertThat(api.row("SELECT name, secret_key_id FROM webhook_endpoints WHERE id = ?", hook.id())).containsEntry("name", "crm");
        assertThat(api.count("SELECT count(*) FROM webhook_endpoints WHERE id = ? AND previous_secret IS NULL", hook.id())).isEqualTo(1);
        assertThat(api.count("SELECT count(*) FROM audit_log WHERE workspace_id = ?", ws.idValue())).isEqualTo(audits);
        // members still read a message's deliveries (they show that events went out, not where)
        assertThat(api.get(member, "/api/messages/" + message + "/deliveries").status()).isEqualTo(200);
    }

    @Test
    void aReadOnlyWorkspace_refusesWebhookWritesWith402_beforeValidationAndLookup_andStillAnswersReads() {
        TestWorkspace ws = workspace();
        Created hook = subscribe(ws, "message.cancelled");
        String message = cancelledMessage(ws);
        String delivery = api.strings("SELECT id FROM webhook_deliveries WHERE message_id = ?", message).get(0);
        String base = "/api/webhooks/" + hook.id();
        String member = api.key(ws.id(), Role.MEMBER, Optional.empty());

        api.setStatus(ws.id(), WorkspaceStatus.READ_ONLY);
        try {
            long audits = api.count("SELECT count(*) FROM audit_log WHERE workspace_id = ?", ws.idValue());
            List<TestHttp.Response> writes = List.of(
                    api.post(ws.adminKey(), "/api/webhooks", json("url", "https://example.com/h", "events", List.of("message.sent"), "name", "x")),
                    patch(ws.adminKey(), base, json("enabled", false)),
                    delete(ws.adminKey(), base),
                    api.post(ws.adminKey(), base + "/rotate-secret", ""),
                    api.post(ws.adminKey(), base + "/deliveries/" + delivery + "/retry", ""),
                    // 402 before the body's 400 and the id's 404, and for a member before the role's 403 (as on every route)
                    api.post(member, base + "/rotate-secret", ""),
                    api.post(ws.adminKey(), "/api/webhooks", json("url", "ftp://x", "events", List.of("nope"))),
                    patch(ws.adminKey(), "/api/webhooks/0123456789abcdef01234567", json("name", "x")));
            for (TestHttp.Response r : writes) {
                assertError(r, 402, "READ_ONLY");
                assertThat(r.json().get("reason").asText()).isEqualTo("past_due");
            }
            assertThat(api.count("SELECT count(*) FROM webhook_endpoints WHERE workspace_id = ? AND enabled", ws.idValue())).isEqualTo(1);
            assertThat(api.count("SELECT count(*) FROM audit_log WHERE workspace_id = ?", ws.idValue())).isEqualTo(audits);

            assertThat(api.get(ws.adminKey(), "/api/webhooks").json().get("webhooks")).hasSize(1);
            assertThat(api.get(ws.adminKey(), base).status()).isEqualTo(200);
            assertThat(api.get(ws.adminKey(), base + "/deliveries").status()).isEqualTo(200);
            assertThat(api.get(ws.adminKey(), "/api/messages/" + message + "/deliveries").json().get("deliveries")).hasSize(1);
            // like every POST of a read-only workspace (ApiAuth refuses them all), the health check is refused too
            assertError(api.post(ws.adminKey(), base + "/health-check", ""), 402, "READ_ONLY");
            assertThat(receiver.getRequestCount()).isZero();
        } finally {
            api.setStatus(ws.id(), WorkspaceStatus.ACTIVE);
        }
        assertThat(api.post(ws.adminKey(), base + "/rotate-secret", "").status()).isEqualTo(200);
    }

    // ---- the secret ------------------------------------------------------------------------------------------------

    @Test
    void create_showsTheSecretOnce_andNoOtherAnswerOrRowEverHoldsIt() {
        TestWorkspace ws = workspace();
        var r = api.post(ws.adminKey(), "/api/webhooks", json("url", receiver.url("/hook").toString(),
                "events", List.of("message.sent", "message.delivered"), "name", "crm"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String secret = r.json().get("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6)).length).isGreaterThanOrEqualTo(24);
        String id = r.json().get("_id").asText();
        assertThat(r.json().at("/webhook/_id").asText()).isEqualTo(id);
        assertThat(r.json().at("/webhook/events")).hasSize(2);

        List<TestHttp.Response> reads = List.of(
                api.get(ws.adminKey(), "/api/webhooks"),
                api.get(ws.adminKey(), "/api/webhooks/" + id),
                patch(ws.adminKey(), "/api/webhooks/" + id, json("description", "changed")),
                api.get(ws.adminKey(), "/api/webhooks/" + id + "/deliveries"));
        for (TestHttp.Response read : reads) {
            assertThat(read.status()).as(read.body()).isEqualTo(200);
            assertThat(read.body()).doesNotContain(secret).doesNotContain(secret.substring(6)).doesNotContain("\"secret\"");
        }
        // sealed at rest, never in the audit log
        byte[] stored = (byte[]) api.row("SELECT secret FROM webhook_endpoints WHERE id = ?", id).get("secret");
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(secret.substring(6));
        assertThat(api.strings("SELECT detail::text FROM audit_log WHERE target_id = ?", id))
                .isNotEmpty().allSatisfy(d -> assertThat(d).doesNotContain(secret.substring(6)));
    }

    // ---- health check ----------------------------------------------------------------------------------------------

    @Test
    void healthCheck_answersTheReceiversStatusLatencyAndFirstKiB_withHeadersTheVerifierAccepts() throws Exception {
        TestWorkspace ws = workspace();
        Created hook = subscribe(ws, "message.sent");
        String long3k = "x".repeat(1000) + "y".repeat(1000) + "z".repeat(1000);
        receiver.enqueue(new MockResponse.Builder().code(202).body(long3k).build());

        var r = api.post(ws.adminKey(), "/api/webhooks/" + hook.id() + "/health-check", "");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode check = r.json().get("healthCheck");
        assertThat(check.get("ok").asBoolean()).isTrue();
        assertThat(check.get("statusCode").asInt()).isEqualTo(202);
        assertThat(check.get("latencyMs").asLong()).isNotNegative();
        assertThat(check.get("responseBody").asText()).isEqualTo(long3k.substring(0, 1024));
        assertThat(check.get("error").isNull()).isTrue();

        RecordedRequest sent = received();
        String body = sent.getBody().utf8();
        JsonNode payload = TestHttp.JSON.readTree(body);
        assertThat(payload.at("/data/test").asBoolean()).isTrue();
        assertThat(payload.get("workspaceId").asText()).isEqualTo(ws.idValue());
        assertThat(sent.getHeaders().get("X-Tuco-Event")).isEqualTo(payload.get("event").asText());
        assertThat(sent.getHeaders().get("X-Tuco-Signature")).isEqualTo(tucoSignature(hook.secret(), body));
        assertThat(verifiedBy(sent, hook.secret())).hasSize(1);
        assertThat(Long.parseLong(sent.getHeaders().get("webhook-timestamp"))).isEqualTo(clock.instant().getEpochSecond());

        // a failing receiver: the answer says so, it is still a 200 of the API
        receiver.enqueue(new MockResponse.Builder().code(500).body("boom").build());
        JsonNode failing = api.post(ws.adminKey(), "/api/webhooks/" + hook.id() + "/health-check", "").json().get("healthCheck");
        assertThat(failing.get("ok").asBoolean()).isFalse();
        assertThat(failing.get("statusCode").asInt()).isEqualTo(500);
        assertThat(failing.get("responseBody").asText()).isEqualTo("boom");
        // another workspace's webhook is not found
        assertError(api.post(api.workspace("US").adminKey(), "/api/webhooks/" + hook.id() + "/health-check", ""), 404, "NOT_FOUND");
    }

    // ---- rotation --------------------------------------------------------------------------------------------------

    @Test
    void rotateSecret_bothSecretsSignFor24Hours_thenOnlyTheNewOne() throws Exception {
        TestWorkspace ws = workspace();
        Created hook = subscribe(ws, "message.cancelled");
        var rotated = api.post(ws.adminKey(), "/api/webhooks/" + hook.id() + "/rotate-secret", "");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String fresh = rotated.json().get("secret").asText();
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(hook.secret());
        assertThat(api.get(ws.adminKey(), "/api/webhooks/" + hook.id()).body()).doesNotContain(fresh).doesNotContain(hook.secret());

        receiver.enqueue(new MockResponse.Builder().code(200).build());
        cancelledMessage(ws);
        assertThat(deliverDue()).isEqualTo(1);
        RecordedRequest during = received();
        String body = during.getBody().utf8();
        assertThat(during.getHeaders().get("webhook-signature").split(" ")).hasSize(2);
        assertThat(verifiedBy(during, fresh)).hasSize(1);
        assertThat(verifiedBy(during, hook.secret())).hasSize(1);
        assertThat(during.getHeaders().get("X-Tuco-Signature")).isEqualTo(tucoSignature(fresh, body));

        clock.advance(Duration.ofHours(24).plusSeconds(1));
        receiver.enqueue(new MockResponse.Builder().code(200).build());
        cancelledMessage(ws);
        assertThat(deliverDue()).isEqualTo(1);
        RecordedRequest after = received();
        assertThat(after.getHeaders().get("webhook-signature").split(" ")).hasSize(1);
        assertThat(verifiedBy(after, fresh)).hasSize(1);
        assertThat(verifiedBy(after, hook.secret())).isEmpty();
        assertThat(after.getHeaders().get("X-Tuco-Signature")).isEqualTo(tucoSignature(fresh, after.getBody().utf8()));
    }

    // ---- delivery log and manual replay ----------------------------------------------------------------------------

    @Test
    void theDeliveryLog_showsEachAttempt_andAManualRetry_sendsItAgain_withItsAuditRow() throws Exception {
        TestWorkspace ws = workspace();
        Created hook = subscribe(ws, "message.cancelled");
        String message = cancelledMessage(ws);
        receiver.enqueue(new MockResponse.Builder().code(500).body("down for maintenance").build());
        assertThat(deliverDue()).isEqualTo(1);
        String webhookId = received().getHeaders().get("webhook-id");

        JsonNode log = api.get(ws.adminKey(), "/api/webhooks/" + hook.id() + "/deliveries").json();
        assertThat(log.at("/pagination/totalCount").asInt()).isEqualTo(1);
        JsonNode d = log.at("/deliveries/0");
        String deliveryId = d.get("_id").asText();
        assertThat(deliveryId).isEqualTo(webhookId);
        assertThat(d.get("messageId").asText()).isEqualTo(message);
        assertThat(d.get("status").asText()).isEqualTo("pending");
        assertThat(d.get("attempts").asInt()).isEqualTo(1);
        JsonNode attempt = d.at("/attemptLog/0");
        assertThat(attempt.get("statusCode").asInt()).isEqualTo(500);
        assertThat(attempt.get("responseBody").asText()).isEqualTo("down for maintenance");
        assertThat(attempt.get("latencyMs").asLong()).isNotNegative();
        Instant next = Instant.parse(attempt.get("nextAttemptAt").asText());
        assertThat(next).isAfter(clock.instant());

        // replayed by hand before its retry is due: due now, audited
        var retry = api.post(ws.adminKey(), "/api/webhooks/" + hook.id() + "/deliveries/" + deliveryId + "/retry", "");
        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(retry.json().at("/delivery/status").asText()).isEqualTo("pending");
        assertThat(Instant.parse(retry.json().at("/delivery/nextAttemptAt").asText())).isBeforeOrEqualTo(clock.instant());
        assertThat(api.count("SELECT count(*) FROM audit_log WHERE action = 'webhook.delivery.retry' AND target_id = ?", deliveryId))
                .isEqualTo(1);
        receiver.enqueue(new MockResponse.Builder().code(200).build());
        assertThat(deliverDue()).isEqualTo(1);
        assertThat(received().getHeaders().get("webhook-id")).isEqualTo(webhookId);

        JsonNode after = api.get(ws.adminKey(), "/api/webhooks/" + hook.id() + "/deliveries").json().at("/deliveries/0");
        assertThat(after.get("status").asText()).isEqualTo("succeeded");
        assertThat(after.get("attemptLog")).hasSize(2);
        assertThat(after.at("/attemptLog/1/statusCode").asInt()).isEqualTo(200);

        // a delivery that is not this endpoint's, or none at all, is 404
        Created other = subscribe(ws, "message.sent");
        assertError(api.post(ws.adminKey(), "/api/webhooks/" + other.id() + "/deliveries/" + deliveryId + "/retry", ""), 404, "NOT_FOUND");
        assertError(api.post(ws.adminKey(), "/api/webhooks/" + hook.id() + "/deliveries/0123456789abcdef01234567/retry", ""),
                404, "NOT_FOUND");
        assertError(api.post(api.workspace("US").adminKey(), "/api/webhooks/" + hook.id() + "/deliveries/" + deliveryId + "/retry", ""),
                404, "NOT_FOUND");
    }

    @Test
    void aManualRetry_whoseAuditRowCannotBeWritten_changesNothing() {
        TestWorkspace ws = workspace();
        Created hook = subscribe(ws, "message.cancelled");
        String message = cancelledMessage(ws);
        receiver.enqueue(new MockResponse.Builder().code(200).build());
        assertThat(deliverDue()).isEqualTo(1);
        String deliveryId = api.strings("SELECT id FROM webhook_deliveries WHERE message_id = ?", message).get(0);
        Map<String, Object> before = api.row("SELECT status, next_attempt_at FROM webhook_deliveries WHERE id = ?", deliveryId);
        assertThat(before).containsEntry("status", "succeeded");

        // the audit insert fails inside the replay's transaction
        api.exec("""
                CREATE FUNCTION refuse_retry_audit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit refused by the test'; END $$""");
        api.exec("CREATE TRIGGER refuse_retry_audit BEFORE INSERT ON audit_log FOR EACH ROW "
                + "WHEN (NEW.action = 'webhook.delivery.retry') EXECUTE FUNCTION refuse_retry_audit()");
        try {
            var r = api.post(ws.adminKey(), "/api/webhooks/" + hook.id() + "/deliveries/" + deliveryId + "/retry", "");
            assertError(r, 500, "INTERNAL_ERROR");
        } finally {
            api.exec("DROP TRIGGER refuse_retry_audit ON audit_log");
            api.exec("DROP FUNCTION refuse_retry_audit()");
        }
        assertThat(api.row("SELECT status, next_attempt_at FROM webhook_deliveries WHERE id = ?", deliveryId)).isEqualTo(before);
        assertThat(deliverDue()).isZero();
    }

    // ---- a message's deliveries ------------------------------------------------------------------------------------

    @Test
    void aMessagesDeliveries_are404LikeTheMessage_forUnknownOrAnotherWorkspacesId_and200ForItsOwn() {
        TestWorkspace ws = workspace();
        TestWorkspace other = workspace();
        Created hook = subscribe(ws, "message.cancelled");
        String mine = cancelledMessage(ws);
        String theirs = cancelledMessage(other);
        String unknown = "0123456789abcdef01234567";

        for (String id : List.of(unknown, theirs)) {
            var message = api.get(ws.adminKey(), "/api/messages/" + id);
            var deliveries = api.get(ws.adminKey(), "/api/messages/" + id + "/deliveries");
            assertError(message, 404, "NOT_FOUND");
            assertError(deliveries, 404, "NOT_FOUND");
            assertThat(deliveries.json().get("error").asText()).isEqualTo(message.json().get("error").asText());
        }
        // a malformed id is answered as the message route answers it
        var badMessage = api.get(ws.adminKey(), "/api/messages/nope");
        var badDeliveries = api.get(ws.adminKey(), "/api/messages/nope/deliveries");
        assertThat(badDeliveries.status()).isEqualTo(badMessage.status());
        assertThat(badDeliveries.json().get("code").asText()).isEqualTo(badMessage.json().get("code").asText());

        JsonNode own = api.get(ws.adminKey(), "/api/messages/" + mine + "/deliveries").json();
        assertThat(own.get("success").asBoolean()).isTrue();
        assertThat(own.get("deliveries")).hasSize(1);
        assertThat(own.at("/deliveries/0/webhookId").asText()).isEqualTo(hook.id());
        assertThat(own.at("/deliveries/0/event").asText()).isEqualTo("message.cancelled");
        // the other workspace subscribed to nothing: its own message answers an empty list, not 404
        JsonNode none = api.get(other.adminKey(), "/api/messages/" + theirs + "/deliveries").json();
        assertThat(none.get("success").asBoolean()).isTrue();
        assertThat(none.get("deliveries")).isEmpty();
    }

    // ---- metrics ---------------------------------------------------------------------------------------------------

    @Test
    void everyAttempt_isCountedOnMetrics_byOutcome() {
        TestWorkspace ws = workspace();
        subscribe(ws, "message.cancelled");
        Function<String, Double> count = outcome -> Scrape.parse(api.http.get("/metrics").body())
                .value("tuco_webhook_attempts_total", "outcome", outcome);
        double succeeded = count.apply("succeeded");
        double retrying = count.apply("retrying");

        List<Integer> answers = new ArrayList<>(List.of(503, 200));
        answers.forEach(code -> receiver.enqueue(new MockResponse.Builder().code(code).build()));
        cancelledMessage(ws);
        assertThat(deliverDue()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1)); // past the first retry (5 s, with jitter)
        assertThat(deliverDue()).isEqualTo(1);

        assertThat(count.apply("retrying")).isEqualTo(retrying + 1);
        assertThat(count.apply("succeeded")).isEqualTo(succeeded + 1);
        assertThat(Scrape.parse(api.http.get("/metrics").body()).has("tuco_webhook_attempts_total", "outcome", "succeeded")).isTrue();
    }
}
