package ai.tuco.bootstrap.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.tuco.adapters.delivery.twilio.TwilioSignature;
import ai.tuco.bootstrap.TestWorkspaces.TestWorkspace;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * The real providers end to end over HTTP, on the running service with its dispatchers and provider jobs on (as in
 * production): a line per provider made through {@code POST /api/lines} pointing at a local stub (a BlueBubbles relay
 * and Twilio's API on mockwebserver3, GreenMail for SMTP), one message each through {@code POST /api/messages}, the
 * stub's view of the wire format, then the provider's callback posted to the URL the provider was given
 * ({@code {TUCO_PUBLIC_URL}/hooks/...}, here the service's own address) until the message is {@code delivered}
 * (BlueBubbles, Twilio) or ends {@code sent} (SMTP). Also: a forged Twilio callback, the relay's catch-up poll after a
 * restart, a Twilio line whose credentials are refused (held, then released by a healthy check), and each provider's
 * secret absent from the captured service log and from every API answer.
 */
class RealProvidersEndToEndTest extends LiveProviders {
    // ---- BlueBubbles -------------------------------------------------------------------------------------------

    @Test
    void blueBubbles_theMessageReachesTheRelayAsItsApiWants_andTheRelaysWebhookMakesItDelivered() throws Exception {
        TestWorkspace ws = h.workspace();
        LineId line = blueBubblesLine(ws);
        String hookUrl = registeredWebhook(line);
        String token = URI.create(hookUrl).getQuery().replaceFirst("^token=", "");
        assertThat(hookUrl).isEqualTo(publicUrl + "/hooks/bluebubbles/" + line.value() + "/events?token=" + token);
        assertThat(h.get(ws, "/api/lines/" + line.value()).json().at("/line/inboundUrl").asText())
                .isEqualTo(publicUrl + "/hooks/bluebubbles/" + line.value() + "/inbound?token=" + token);

        String to = freshPhone();
        String id = h.send(ws, line, Channel.IMESSAGE, h.lead(ws, "Ada", to), "Hello from the relay");
        awaitStatus(ws, id, "sent");

        RecordedRequest send = relay.requests("POST", "/api/v1/message/text").stream()
                .filter(r -> r.getBody().utf8().contains(id)).findFirst().orElseThrow();
        assertThat(send.getUrl().queryParameter("password")).isEqualTo(BB_PASSWORD);
        assertThat(send.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode body = DispatchHarness.JSON.readTree(send.getBody().utf8());
        assertThat(body.get("chatGuid").asText()).isEqualTo("iMessage;-;" + to);
        assertThat(body.get("message").asText()).isEqualTo("Hello from the relay");
        assertThat(body.get("tempGuid").asText()).isEqualTo(id);
        assertThat(body.get("method").asText()).isEqualTo("private-api");
        String guid = relay.messages.get(id).get("guid").asText();
        assertThat(h.message(ws, id).get("externalMessageId").asText()).isEqualTo(guid);

        relay.deliver(id, System.currentTimeMillis());
        String event = relay.updatedEvent(id);
        long events = eventCount(id);
        String forged = (token.charAt(0) == 'x' ? "y" : "x") + token.substring(1);
        assertThat(postJson(hookUrl.replace(token, forged), event).statusCode()).isEqualTo(401);
        assertThat(postJson(publicUrl + "/hooks/bluebubbles/" + line.value() + "/events", event).statusCode()).isEqualTo(401);
        assertThat(eventCount(id)).as("a refused webhook records nothing").isEqualTo(events);
        assertThat(h.status(ws, id)).isEqualTo("sent");

        assertThat(postJson(hookUrl, event).statusCode()).isEqualTo(200);
        awaitStatus(ws, id, "delivered");

        noSecretAnywhere(ws, line, BB_PASSWORD, token);
    }

    /**
     * The relay posts each webhook once and forgets it: a delivery that happened while the service was down is found by
     * the catch-up poll the service runs right after it starts again, on the same database.
     */
    @Test
    void blueBubbles_aDeliveryWhileTheServiceWasStopped_isPickedUpByTheCatchUpPollAfterRestart() {
        TestWorkspace ws = h.workspace();
        LineId line = blueBubblesLine(ws);
        registeredWebhook(line);
        String id = h.send(ws, line, Channel.IMESSAGE, h.lead(ws, "Bea", freshPhone()), "Are you there?");
        awaitStatus(ws, id, "sent");

        h.close();
        relay.deliver(id, System.currentTimeMillis());
        int before = relay.requests("POST", "/api/v1/message/query").size();
        h = service();

        awaitStatus(ws, id, "delivered");
        assertThat(relay.requests("POST", "/api/v1/message/query").size()).as("found by a poll").isGreaterThan(before);
        assertThat(h.events(ws, id)).extracting(e -> e.get("toStatus").asText()).contains("delivered");
    }

    // ---- Twilio ------------------------------------------------------------------------------------------------

    @Test
    void twilio_theMessageReachesTwilioAsItsApiWants_aForgedCallbackIsRefused_andASignedOneMakesItDelivered() throws Exception {
        TestWorkspace ws = h.workspace();
        String from = freshPhone();
        LineId line = twilioLine(ws, twilio, from);
        awaitHealth(ws, line, "healthy");

        String to = freshPhone();
        String id = h.send(ws, line, Channel.SMS, h.lead(ws, "Cleo", to), "Hi Cleo, it's Sam");
        awaitStatus(ws, id, "sent");

        RecordedRequest send = twilio.sends().stream().filter(r -> r.getBody().utf8().contains(id)).findFirst().orElseThrow();
        assertThat(send.getHeaders().get("Authorization")).isEqualTo(twilio.authorization());
        assertThat(send.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
        String statusCallback = publicUrl + "/hooks/twilio/" + line.value() + "/status?m=" + id;
        assertThat(TwilioStub.form(send.getBody().utf8()))
                .isEqualTo(Map.of("To", to, "From", from, "Body", "Hi Cleo, it's Sam", "StatusCallback", statusCallback));
        String sid = h.message(ws, id).get("externalMessageId").asText();
        assertThat(sid).matches("SM[0-9a-f]{32}");

        Map<String, String> delivered = statusForm(sid, "delivered", to, from);
        long events = eventCount(id);
        String forged = TwilioSignature.compute("0".repeat(32), statusCallback, lists(delivered));
        assertThat(postForm(statusCallback, delivered, forged).statusCode()).isEqualTo(403);
        assertThat(postForm(statusCallback, delivered, null).statusCode()).isEqualTo(403);
        Map<String, String> tampered = statusForm(sid, "delivered", to, from);
        tampered.put("MessageStatus", "failed");
        String signedDelivered = TwilioSignature.compute(TWILIO_TOKEN, statusCallback, lists(delivered));
        assertThat(postForm(statusCallback, tampered, signedDelivered).statusCode()).isEqualTo(403);
        assertThat(eventCount(id)).as("a forged callback records nothing").isEqualTo(events);
        assertThat(db.count("SELECT count(*) FROM early_status_updates")).as("nor keeps it for later").isZero();
        assertThat(h.status(ws, id)).isEqualTo("sent");

        assertThat(postForm(statusCallback, delivered, signedDelivered).statusCode()).isEqualTo(200);
        awaitStatus(ws, id, "delivered");

        noSecretAnywhere(ws, line, TWILIO_TOKEN);
    }

    /**
     * Twilio refusing the credentials (a rotated token): the line shows unhealthy and the message waits queued instead of
     * failing; once the stub takes them again and an admin's health check says healthy, the message goes out.
     */
    @Test
    void twilio_refusedCredentials_holdTheMessageQueuedOnAnUnhealthyLine_untilAHealthyCheckReleasesIt() throws Exception {
        String sid = "AC" + UUID.randomUUID().toString().replace("-", "");
        String token = UUID.randomUUID().toString().replace("-", "");
        try (TwilioStub broken = new TwilioStub(sid, token)) {
            broken.refuseCredentials = true;
            TestWorkspace ws = h.workspace();
            LineId line = twilioLine(ws, broken, freshPhone());
            awaitHealth(ws, line, "unhealthy");

            String id = h.send(ws, line, Channel.SMS, h.lead(ws, "Dora", freshPhone()), "Still there?");
            await().atMost(Duration.ofSeconds(30)).until(() -> broken.sends().size() == 1);
            awaitStatus(ws, id, "queued");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(h.status(ws, id)).isEqualTo("queued");
                assertThat(broken.sends()).as("a held line is not tried again").hasSize(1);
            });
            assertThat(lineJson(ws, line).at("/healthCheck/status").asText()).isEqualTo("unhealthy");

            broken.refuseCredentials = false;
            DispatchHarness.Response check = h.post(ws, "/api/lines/" + line.value() + "/health-check", Map.of());
            assertThat(check.status()).as(check.body()).isEqualTo(200);
            assertThat(check.json().at("/healthCheck/status").asText()).isEqualTo("healthy");

            awaitStatus(ws, id, "sent");
            assertThat(broken.sends()).hasSize(2);
            assertThat(h.message(ws, id).get("externalMessageId").asText()).startsWith("SM");
            noSecretAnywhere(ws, line, token);
        }
    }

    @Test
    void twilio_aMalformedAccountSid_isRefusedSayingWhatItMustBe() {
        TestWorkspace ws = h.workspace();
        DispatchHarness.Response r = h.post(ws, "/api/lines", Map.of("name", "Bad sid", "provider", "twilio",
                "channels", List.of("sms"), "phone", freshPhone(),
                "providerConfig", Map.of("accountSid", "AC123", "authToken", TWILIO_TOKEN, "messagingServiceSid", "MG1")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("providerConfig.accountSid must be AC followed by 32 hex characters")
                .contains("providerConfig.messagingServiceSid must be MG followed by 32 hex characters")
                .doesNotContain("AC123").doesNotContain(TWILIO_TOKEN);
    }

    // ---- SMTP --------------------------------------------------------------------------------------------------

    @Test
    void smtp_theMessageReachesTheServerAsMail_andEndsSentNeverDelivered() throws Exception {
        TestWorkspace ws = h.workspace();
        DispatchHarness.Response created = h.post(ws, "/api/lines", Map.of("name", "Ana's mailbox", "provider", "smtp",
                "channels", List.of("email"), "email", "sales@example.com",
                "providerConfig", Map.of("host", "127.0.0.1", "port", mail.getSmtp().getPort(), "username", "ana",
                        "password", SMTP_PASSWORD, "tls", "none", "fromAddress", "sales@example.com", "fromName", "Ana Sales")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(SMTP_PASSWORD);
        LineId line = new LineId(created.json().at("/line/_id").asText());
        awaitHealth(ws, line, "healthy");

        LeadId lead = h.lead(ws, "Eve", null, "eve@example.org", List.of(), List.of(), Map.of());
        String id = h.send(ws, Map.of("message", "Hola Eve, ¿qué tal?", "messageType", "email", "fromLineId", line.value(),
                "leadId", lead.value(), "subject", "A question"));
        awaitStatus(ws, id, "sent");

        MimeMessage received = java.util.Arrays.stream(mail.getReceivedMessages()).filter(m -> messageId(m).contains(id))
                .findFirst().orElseThrow();
        assertThat(received.getMessageID()).isEqualTo("<" + id + "@example.com>");
        assertThat(received.getSubject()).isEqualTo("A question");
        assertThat(received.getFrom()[0].toString()).isEqualTo("Ana Sales <sales@example.com>");
        assertThat(received.getAllRecipients()[0].toString()).isEqualTo("eve@example.org");
        assertThat(((String) received.getContent()).strip()).isEqualTo("Hola Eve, ¿qué tal?");
        assertThat(h.message(ws, id).get("externalMessageId").asText()).isEqualTo("<" + id + "@example.com>");

        // SMTP has no delivery receipt: the polls and checks that run meanwhile never invent one
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(h.status(ws, id)).isEqualTo("sent"));
        assertThat(h.events(ws, id)).extracting(e -> e.get("toStatus").asText()).doesNotContain("delivered");

        noSecretAnywhere(ws, line, SMTP_PASSWORD);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    static void awaitHealth(TestWorkspace ws, LineId line, String status) {
        awaiting().untilAsserted(() -> assertThat(lineJson(ws, line).at("/healthCheck/status").asText()).isEqualTo(status));
    }

    static JsonNode lineJson(TestWorkspace ws, LineId line) {
        DispatchHarness.Response r = h.get(ws, "/api/lines/" + line.value());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("line");
    }

    static LineId blueBubblesLine(TestWorkspace ws) {
        DispatchHarness.Response created = h.post(ws, "/api/lines", Map.of("name", "Mac relay", "provider", "bluebubbles",
                "channels", List.of("imessage"), "phone", freshPhone(),
                "providerConfig", Map.of("serverUrl", relay.url(), "password", BB_PASSWORD)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(BB_PASSWORD);
        return new LineId(created.json().at("/line/_id").asText());
    }

    static LineId twilioLine(TestWorkspace ws, TwilioStub stub, String phone) {
        DispatchHarness.Response created = h.post(ws, "/api/lines", Map.of("name", "Sam's Twilio", "provider", "twilio",
                "channels", List.of("sms"), "phone", phone,
                "providerConfig", Map.of("accountSid", stub.accountSid, "authToken", stub.authToken, "baseUrl", stub.url())));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(stub.authToken);
        return new LineId(created.json().at("/line/_id").asText());
    }

    /** Twilio's status callback form (track-outbound-message-status). */
    static Map<String, String> statusForm(String sid, String status, String to, String from) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("SmsSid", sid);
        form.put("SmsStatus", status);
        form.put("MessageStatus", status);
        form.put("To", to);
        form.put("MessageSid", sid);
        form.put("AccountSid", TWILIO_SID);
        form.put("From", from);
        form.put("ApiVersion", "2010-04-01");
        return form;
    }

    static HttpResponse<String> postForm(String url, Map<String, String> form, String signature) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("User-Agent", "TwilioProxy/1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            b.header("X-Twilio-Signature", signature);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static long eventCount(String messageId) {
        return db.count("SELECT count(*) FROM message_events WHERE message_id = ?", messageId);
    }

    static String messageId(MimeMessage m) {
        try {
            return String.valueOf(m.getMessageID());
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    static String freshPhone() {
        return "+1646555" + String.format("%04d", 1000 + PHONES.incrementAndGet());
    }

    static String log() {
        synchronized (log) {
            return log.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * {@code secret} in neither the captured log of everything so far, the line's answer nor the list of lines; nor is
     * any of {@code logOnly} (the callback token, which the line's {@code inboundUrl} shows its admins by design) in the log.
     */
    static void noSecretAnywhere(TestWorkspace ws, LineId line, String secret, String... logOnly) {
        String one = h.get(ws, "/api/lines/" + line.value()).body();
        String all = h.get(ws, "/api/lines/by-user").body();
        assertThat(all).contains(line.value());
        assertThat(one).as("GET line").doesNotContain(secret);
        assertThat(all).as("list lines").doesNotContain(secret);
        String captured = log();
        assertThat(captured).as("the service logged this cycle").contains("POST /api/lines 201");
        assertThat(captured).as("the captured log").doesNotContain(secret);
        for (String token : logOnly) {
            assertThat(captured).as("the captured log").doesNotContain(token);
        }
    }
}
